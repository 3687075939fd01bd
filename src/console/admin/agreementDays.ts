// budgetUsage.daily lists only the days with queries; a chart over time needs every day in between,
// with 0 where nothing ran, or a quiet week would vanish from the axis.
export interface DailyUse { day: string; queriesRun: number; epsilonSpent: number }

export function everyDay(daily: DailyUse[]): DailyUse[] {
  if (daily.length === 0) return [];
  const sorted = [...daily].sort((a, b) => a.day.localeCompare(b.day));
  const byDay = new Map(sorted.map((d) => [d.day.slice(0, 10), d]));
  const days: DailyUse[] = [];
  const end = new Date(`${sorted.at(-1)!.day.slice(0, 10)}T00:00:00Z`).getTime();
  for (let t = new Date(`${sorted[0]!.day.slice(0, 10)}T00:00:00Z`).getTime(); t <= end; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    days.push(byDay.get(day) ?? { day, queriesRun: 0, epsilonSpent: 0 });
  }
  return days;
}
