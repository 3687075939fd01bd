// Bars with optional ±error whiskers (the 95% noise interval of each released value).
import uPlot from 'uplot';
import { colour } from './palette';
import { useChart } from './useChart';

export const MAX_BARS = 60;

interface Props {
  labels: string[];
  values: number[];
  errors?: number[];
  yLabel: string;
  title: string;
  testId?: string;
  height?: number;
}

function drawErrorBars(u: uPlot, values: number[], errors: number[]) {
  const ctx = u.ctx;
  const ratio = window.devicePixelRatio || 1;
  const cap = 5 * ratio;
  ctx.save();
  ctx.strokeStyle = '#222';
  ctx.lineWidth = 1.5 * ratio;
  values.forEach((value, i) => {
    const error = errors[i] ?? 0;
    if (!(error > 0)) return;
    const x = u.valToPos(i, 'x', true);
    const top = u.valToPos(value + error, 'y', true);
    const bottom = u.valToPos(value - error, 'y', true);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    ctx.moveTo(x - cap, top);
    ctx.lineTo(x + cap, top);
    ctx.moveTo(x - cap, bottom);
    ctx.lineTo(x + cap, bottom);
    ctx.stroke();
  });
  ctx.restore();
}

function shorten(label: string): string {
  return label.length > 18 ? `${label.slice(0, 17)}…` : label;
}

export function BarChart({ labels, values, errors = [], yLabel, title, testId, height = 280 }: Props) {
  const shown = labels.slice(0, MAX_BARS);
  const shownValues = values.slice(0, MAX_BARS);
  const shownErrors = errors.slice(0, MAX_BARS);
  const xs = shown.map((_, i) => i);
  const lows = shownValues.map((v, i) => v - (shownErrors[i] ?? 0));
  const highs = shownValues.map((v, i) => v + (shownErrors[i] ?? 0));
  const yMin = Math.min(0, ...lows);
  const yMax = Math.max(0, ...highs);
  const pad = (yMax - yMin || 1) * 0.08;

  const ref = useChart(
    (width) => ({
      data: [xs, shownValues],
      options: {
        width,
        height,
        legend: { show: false },
        cursor: { show: false },
        scales: {
          x: { time: false, range: [-0.5, Math.max(0.5, shown.length - 0.5)] },
          y: { range: [yMin < 0 ? yMin - pad : 0, yMax + pad] },
        },
        axes: [
          {
            splits: () => xs,
            values: (_u, splits) => splits.map((i) => shorten(shown[i] ?? '')),
            rotate: shown.length > 8 ? -40 : 0,
            size: shown.length > 8 ? 90 : 40,
          },
          { label: yLabel, size: 70 },
        ],
        series: [
          {},
          {
            label: yLabel,
            fill: `${colour(0)}cc`,
            stroke: colour(0),
            paths: uPlot.paths.bars!({ size: [0.6, 80] }),
            points: { show: false },
          },
        ],
        hooks: { draw: [(u) => drawErrorBars(u, shownValues, shownErrors)] },
      },
    }),
    JSON.stringify([shown, shownValues, shownErrors, yLabel, height]),
  );

  return (
    <figure class="chart" data-testid={testId}>
      <div ref={ref} role="img" aria-label={`${title} (bar chart; the table holds the same numbers)`} />
      <figcaption class="muted">
        {title}
        {labels.length > MAX_BARS && ` — the first ${MAX_BARS} of ${labels.length} bars; the table has all`}
      </figcaption>
    </figure>
  );
}
