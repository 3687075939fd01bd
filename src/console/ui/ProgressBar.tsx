interface Props {
  label: string;
  value: number;
  max: number;
  testId?: string;
  detail?: string;
}

export function ProgressBar({ label, value, max, testId, detail }: Props) {
  const percent = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return (
    <div class="progress" data-testid={testId}>
      <label>
        <span>
          {label}: {percent}%{detail ? ` — ${detail}` : ''}
        </span>
        <progress value={value} max={max > 0 ? max : 1} aria-valuetext={`${percent}%`} />
      </label>
    </div>
  );
}
