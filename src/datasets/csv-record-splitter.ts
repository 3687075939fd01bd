export type RecordDelimiter = '\r\n' | '\n' | '\r';

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Cuts a CSV byte stream into pieces made of whole records, so that each piece can be parsed on
 * its own, by another thread, with the same result as parsing the file in one go.
 *
 * A record ends at a line break outside quotes. In RFC 4180 CSV a quote outside a quoted field
 * opens one and a quote inside one closes it (`""` closes and reopens), so the parity of the quotes
 * seen tells quoted from unquoted text. A stray quote makes the CSV malformed: the tokenizer reports
 * it for the piece that holds it, which always starts where parity and parser still agree. The record
 * delimiter is found as csv-parse finds it (the first line break outside quotes: CR LF, LF or CR)
 * and handed to every piece's parser, so that none guesses differently. This works on bytes:
 * quotes and line breaks never occur inside a UTF-8 multi-byte sequence, so no cut splits one.
 */
export class RecordSplitter {
  /** Bytes not yet cut, in a buffer reused from piece to piece (no allocation per chunk). */
  private pending: Buffer;
  private length = 0;
  /** Bytes of `pending` already scanned, and whether that point is inside quotes. */
  private scanned = 0;
  private quoted = false;
  /** End of the last complete record in `pending` (0: none yet). */
  private boundary = 0;
  private found: RecordDelimiter | null = null;
  /** Set when an unfinished record outgrew the limit: the caller fails the upload. */
  tooLarge = false;

  constructor(
    /** Pieces are cut once this many bytes are pending. */
    private readonly pieceBytes: number,
    /** Longest unfinished record held before giving up (bounds memory for a quote never closed). */
    private readonly maxRecordBytes: number,
  ) {
    this.pending = Buffer.allocUnsafe(2 * pieceBytes);
  }

  get delimiter(): RecordDelimiter | null {
    return this.found;
  }

  /** Adds bytes; returns the pieces now complete (often none). */
  push(chunk: Buffer): Buffer[] {
    if (chunk.length <= this.pieceBytes) return this.add(chunk);
    // A large chunk (a whole file at once) still becomes pieces of about pieceBytes.
    const pieces: Buffer[] = [];
    for (let at = 0; at < chunk.length && !this.tooLarge; at += this.pieceBytes) {
      pieces.push(...this.add(chunk.subarray(at, at + this.pieceBytes)));
    }
    return pieces;
  }

  private add(chunk: Buffer): Buffer[] {
    if (this.length + chunk.length > this.pending.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * this.pending.length, this.length + chunk.length));
      this.pending.copy(grown, 0, 0, this.length);
      this.pending = grown;
    }
    chunk.copy(this.pending, this.length);
    this.length += chunk.length;
    this.scan();
    const pieces: Buffer[] = [];
    if (this.length - this.boundary > this.maxRecordBytes) {
      this.tooLarge = true;
      if (this.boundary > 0) pieces.push(this.cut());
    } else if (this.length >= this.pieceBytes && this.boundary > 0) {
      pieces.push(this.cut());
    }
    return pieces;
  }

  /**
   * What is left at the end of the stream (possibly empty). While no delimiter was found this is
   * the whole file, which its parser reads exactly as it would have read it in one go.
   */
  end(): Buffer {
    const rest = Buffer.from(this.pending.subarray(0, this.length));
    this.length = 0;
    return rest;
  }

  /** The complete records, as a buffer of their own; the rest moves to the front. */
  private cut(): Buffer {
    const piece = Buffer.from(this.pending.subarray(0, this.boundary));
    this.pending.copyWithin(0, this.boundary, this.length);
    this.length -= this.boundary;
    this.scanned -= this.boundary;
    this.boundary = 0;
    return piece;
  }

  private scan(): void {
    const buf = this.pending.subarray(0, this.length);
    let i = this.scanned;
    if (this.found === null) i = this.discover(buf, i);
    if (this.found === null) {
      this.scanned = i;
      return;
    }
    const byte = this.found === '\r' ? CR : LF;
    while (i < buf.length) {
      if (this.quoted) {
        const close = buf.indexOf(QUOTE, i);
        if (close < 0) {
          i = buf.length;
          break;
        }
        this.quoted = false;
        i = close + 1;
        continue;
      }
      const open = buf.indexOf(QUOTE, i);
      const stop = open < 0 ? buf.length : open;
      this.markLastBreak(buf, i, stop, byte);
      if (open < 0) {
        i = buf.length;
        break;
      }
      this.quoted = true;
      i = open + 1;
    }
    this.scanned = i;
  }

  /** The last record delimiter in unquoted bytes [from, to) becomes the boundary. */
  private markLastBreak(buf: Buffer, from: number, to: number, byte: number): void {
    let at = to - 1;
    while (at >= from) {
      const hit = buf.lastIndexOf(byte, at);
      if (hit < from) return;
      // CR LF: an LF counts only after a CR (a lone LF is data to csv-parse, as it is here).
      if (this.found !== '\r\n' || (hit > 0 && buf[hit - 1] === CR)) {
        this.boundary = hit + 1;
        return;
      }
      at = hit - 1;
    }
  }

  /** Byte by byte until the first line break outside quotes; returns where scanning stopped. */
  private discover(buf: Buffer, from: number): number {
    let i = from;
    while (i < buf.length) {
      const ch = buf[i]!;
      if (this.quoted) {
        const close = buf.indexOf(QUOTE, i);
        if (close < 0) return buf.length;
        this.quoted = false;
        i = close + 1;
      } else if (ch === QUOTE) {
        this.quoted = true;
        i++;
      } else if (ch === LF) {
        this.found = '\n';
        this.boundary = i + 1;
        return i + 1;
      } else if (ch === CR) {
        if (i + 1 >= buf.length) return i; // CR LF or CR alone: the next byte decides
        this.found = buf[i + 1] === LF ? '\r\n' : '\r';
        this.boundary = i + this.found.length;
        return this.boundary;
      } else {
        i++;
      }
    }
    return i;
  }
}
