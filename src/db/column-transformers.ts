/**
 * `pg` returns bigint and numeric as strings, so that nothing is lost on the way. Counts, sequence
 * numbers and ε values fit a double exactly enough to be shown; sums that must stay exact are done
 * in SQL, never on these numbers.
 */
export const asNumber = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };
