// This tab remembers its own runs with their full results, to show them again without a request.
import type { AggregateQueryInput, AggregateResult } from '../api/queryTypes';

const KEY = 'parley.console.queryHistory';
const MAX_ENTRIES = 50;

export interface HistoryEntry {
  /** Numbers this tab's runs: a cached answer repeats an earlier queryId and executedAt. */
  run: number;
  /** When this run was made (a cached answer's executedAt is the original run's). */
  runAt: string;
  datasetName: string;
  input: AggregateQueryInput;
  result: AggregateResult;
}

export function loadHistory(): HistoryEntry[] {
  try {
    const raw = sessionStorage.getItem(KEY);
    const entries = raw ? (JSON.parse(raw) as HistoryEntry[]) : [];
    return entries.every((e) => typeof e.run === 'number') ? entries : [];
  } catch {
    return [];
  }
}

export function saveHistory(entries: HistoryEntry[]): HistoryEntry[] {
  const kept = entries.slice(0, MAX_ENTRIES);
  try {
    sessionStorage.setItem(KEY, JSON.stringify(kept));
  } catch {
    // storage full or disabled: the history still lives in memory until reload
  }
  return kept;
}
