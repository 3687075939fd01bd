import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { eventBodyParts, eventHash } from './audit-hash';

describe('eventBodyParts', () => {
  it('splits exactly the canonical body that eventHash hashes', () => {
    const id = fc.option(fc.uuid(), { nil: null });
    fc.assert(
      fc.property(
        fc.record({
          seq: fc.integer({ min: 1, max: 2 ** 40 }),
          at: fc.date({ min: new Date('2000-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
          actorId: id,
          actorOrganizationId: id,
          action: fc.string(),
          resourceType: fc.option(fc.string(), { nil: null }),
          resourceId: fc.option(fc.string(), { nil: null }),
          outcome: fc.constantFrom('SUCCESS', 'DENIED', 'ERROR'),
          details: fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v ?? null)) as unknown),
        }),
        fc.stringMatching(/^[0-9a-f]{64}$/),
        (f, prev) => {
          const { beforeAt, beforeSeq } = eventBodyParts(f);
          const body = beforeAt + JSON.stringify(f.at) + beforeSeq + String(f.seq) + '}';
          expect(createHash('sha256').update(prev + '\n' + body, 'utf8').digest('hex')).toBe(eventHash(prev, f));
        },
      ),
    );
  });
});
