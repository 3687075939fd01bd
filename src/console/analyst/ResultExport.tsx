import { useState } from 'preact/hooks';
import { toCsv, toTsv } from './resultTable';

interface Props {
  records: string[][];
  fileName: string;
}

/** Download the table as CSV, or copy it tab-separated to paste into a spreadsheet. */
export function ResultExport({ records, fileName }: Props) {
  const [note, setNote] = useState('');

  function download() {
    const url = URL.createObjectURL(new Blob([toCsv(records)], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.click();
    // The click has handed the blob to the download; free it on the next turn.
    setTimeout(() => URL.revokeObjectURL(url), 0);
    setNote(`Saved ${fileName}.`);
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(toTsv(records));
      setNote(`Copied ${records.length - 1} row${records.length === 2 ? '' : 's'} — paste into a spreadsheet.`);
    } catch {
      setNote('This browser did not allow copying; use Download CSV instead.');
    }
  }

  return (
    <div class="actions">
      <button type="button" onClick={download} data-testid="result-csv">
        Download CSV
      </button>
      <button type="button" onClick={() => void copy()} data-testid="result-copy">
        Copy table
      </button>
      <span class="muted" role="status" data-testid="result-export-note">
        {note}
      </span>
    </div>
  );
}
