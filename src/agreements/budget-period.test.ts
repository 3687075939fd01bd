import { budgetWindow } from './budget-period';

const at = (iso: string) => new Date(iso);
const granted = at('2025-01-10T08:30:00.000Z');

describe('budgetWindow', () => {
  it('NEVER: one period from validFrom, never refilling', () => {
    expect(budgetWindow('NEVER', granted, at('2031-06-01T00:00:00Z'))).toEqual({ start: granted, end: null });
  });

  it('DAILY: from 00:00 UTC to the next 00:00 UTC', () => {
    expect(budgetWindow('DAILY', granted, at('2025-03-04T23:59:59.999Z'))).toEqual({
      start: at('2025-03-04T00:00:00Z'),
      end: at('2025-03-05T00:00:00Z'),
    });
    expect(budgetWindow('DAILY', granted, at('2025-03-05T00:00:00.000Z')).start).toEqual(at('2025-03-05T00:00:00Z'));
  });

  it('DAILY ignores the local time zone of the instant', () => {
    // 23:30 in UTC-05:00 on the 4th is 04:30 UTC on the 5th.
    expect(budgetWindow('DAILY', granted, new Date('2025-03-04T23:30:00-05:00')).start).toEqual(at('2025-03-05T00:00:00Z'));
  });

  it('WEEKLY: from Monday 00:00 UTC, for every day of the week', () => {
    // 2025-03-03 is a Monday.
    for (let day = 0; day < 7; day++) {
      const now = new Date(Date.UTC(2025, 2, 3 + day, 13));
      expect(budgetWindow('WEEKLY', granted, now)).toEqual({ start: at('2025-03-03T00:00:00Z'), end: at('2025-03-10T00:00:00Z') });
    }
    expect(budgetWindow('WEEKLY', granted, at('2025-03-02T23:59:59.999Z')).start).toEqual(at('2025-02-24T00:00:00Z'));
    expect(budgetWindow('WEEKLY', granted, at('2025-03-10T00:00:00.000Z')).start).toEqual(at('2025-03-10T00:00:00Z'));
  });

  it('WEEKLY crosses month and year boundaries', () => {
    // 2025-01-01 is a Wednesday: its week started on Monday 2024-12-30.
    expect(budgetWindow('WEEKLY', granted, at('2025-01-01T12:00:00Z'))).toEqual({
      start: at('2024-12-30T00:00:00Z'),
      end: at('2025-01-06T00:00:00Z'),
    });
  });

  it('MONTHLY: from the 1st 00:00 UTC to the next 1st, whatever the month length', () => {
    expect(budgetWindow('MONTHLY', granted, at('2025-02-28T23:59:59.999Z'))).toEqual({
      start: at('2025-02-01T00:00:00Z'),
      end: at('2025-03-01T00:00:00Z'),
    });
    expect(budgetWindow('MONTHLY', granted, at('2024-02-29T10:00:00Z')).end).toEqual(at('2024-03-01T00:00:00Z'));
    expect(budgetWindow('MONTHLY', granted, at('2025-12-31T23:00:00Z'))).toEqual({
      start: at('2025-12-01T00:00:00Z'),
      end: at('2026-01-01T00:00:00Z'),
    });
    expect(budgetWindow('MONTHLY', granted, at('2026-01-01T00:00:00Z')).start).toEqual(at('2026-01-01T00:00:00Z'));
  });
});
