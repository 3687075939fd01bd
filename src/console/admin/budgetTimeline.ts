// Cumulative ε spent per partner over time, from each agreement's per-day ledger totals
// (`budgetUsage.daily`), so anyone who may read a budget sees its history.
import type { BudgetUsage } from '../api/queryTypes';
import { partnerColours } from '../ui/palette';

export interface Timeline {
  xs: number[];
  series: { label: string; values: number[]; colour: string }[];
  /** Queries counted across all days and agreements. */
  counted: number;
}

/**
 * One x per day that saw spending (Unix seconds), one cumulative line per partner. The lines start
 * at zero the day before the first spend and run on to `now`, so a single day draws as a step.
 */
export function buildTimeline(usage: BudgetUsage[], now = Date.now()): Timeline {
  const partners = [...new Set(usage.map((u) => u.agreement.partner.name))].sort();
  const perDay = new Map<number, Map<string, number>>();
  let counted = 0;
  for (const u of usage) {
    for (const d of u.daily) {
      const x = new Date(d.day).getTime() / 1000;
      const row = perDay.get(x) ?? new Map<string, number>();
      row.set(u.agreement.partner.name, (row.get(u.agreement.partner.name) ?? 0) + d.epsilonSpent);
      perDay.set(x, row);
      counted += d.queriesRun;
    }
  }
  const xs = [...perDay.keys()].sort((a, b) => a - b);
  const totals = new Map(partners.map((p) => [p, 0]));
  const columns = partners.map(() => [] as number[]);
  for (const x of xs) {
    const row = perDay.get(x)!;
    partners.forEach((p, i) => {
      totals.set(p, totals.get(p)! + (row.get(p) ?? 0));
      columns[i]!.push(totals.get(p)!);
    });
  }
  if (xs.length > 0) {
    xs.unshift(xs[0]! - 86_400);
    columns.forEach((c) => c.unshift(0));
    const end = now / 1000;
    if (end > xs[xs.length - 1]!) {
      xs.push(end);
      columns.forEach((c) => c.push(c[c.length - 1]!));
    }
  }
  const colours = partnerColours(partners);
  return { xs, series: partners.map((label, i) => ({ label, values: columns[i]!, colour: colours.get(label)! })), counted };
}
