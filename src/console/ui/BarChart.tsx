// Bars with optional whiskers: each bar's [low, high] interval, already in the value axis's units.
// The caller decides what a whisker means (and omits it where the interval is not in those units);
// the drawn intervals are also on the figure as data-whiskers, so they can be checked without pixels.
import uPlot from 'uplot';
import { colour, gridColour, inkColour } from './palette';
import { useChart } from './useChart';

export const MAX_BARS = 60;

export type Whisker = [low: number, high: number];

interface Props {
  labels: string[];
  values: number[];
  whiskers?: (Whisker | null)[];
  /** A colour per bar (e.g. a partner's, the same in every chart); one colour for all when absent. */
  colours?: string[];
  yLabel: string;
  title: string;
  testId?: string;
  height?: number;
}

function drawWhiskers(u: uPlot, whiskers: (Whisker | null)[]) {
  const ctx = u.ctx;
  const ratio = window.devicePixelRatio || 1;
  const cap = 5 * ratio;
  ctx.save();
  // The text colour, so whiskers stay visible on a dark background.
  ctx.strokeStyle = inkColour();
  ctx.lineWidth = 1.5 * ratio;
  whiskers.forEach((whisker, i) => {
    if (!whisker || !(whisker[1] > whisker[0])) return;
    const x = u.valToPos(i, 'x', true);
    const top = u.valToPos(whisker[1], 'y', true);
    const bottom = u.valToPos(whisker[0], 'y', true);
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

export function BarChart({ labels, values, whiskers = [], colours, yLabel, title, testId, height = 280 }: Props) {
  const shown = labels.slice(0, MAX_BARS);
  const shownValues = values.slice(0, MAX_BARS);
  const shownWhiskers = shown.map((_, i) => whiskers[i] ?? null);
  const shownColours = shown.map((_, i) => colours?.[i] ?? colour(0));
  const xs = shown.map((_, i) => i);
  const lows = shownValues.map((v, i) => Math.min(v, shownWhiskers[i]?.[0] ?? v));
  const highs = shownValues.map((v, i) => Math.max(v, shownWhiskers[i]?.[1] ?? v));
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
            values: (_u, splits) => splits.map((i) => shown[i] ?? ''),
            rotate: shown.length > 8 ? -40 : 0,
            stroke: inkColour(),
            grid: { stroke: gridColour() },
            // Room for the longest label in full: names are never cut short.
            size: shown.length > 8 ? Math.min(260, 16 + 5 * Math.max(...shown.map((l) => l.length))) : 40,
          },
          { label: yLabel, size: 70, stroke: inkColour(), grid: { stroke: gridColour() } },
        ],
        series: [
          {},
          {
            label: yLabel,
            fill: `${colour(0)}cc`,
            stroke: colour(0),
            // unit 3: one fill value per data point, so each bar takes its own colour.
            paths: uPlot.paths.bars!({ size: [0.6, 80], disp: { fill: { unit: 3, values: () => shownColours.map((c) => `${c}cc`) } } }),
            points: { show: false },
          },
        ],
        hooks: { draw: [(u) => drawWhiskers(u, shownWhiskers)] },
      },
    }),
    JSON.stringify([shown, shownValues, shownWhiskers, shownColours, yLabel, height]),
  );

  return (
    <figure class="chart" data-testid={testId} data-whiskers={JSON.stringify(shownWhiskers)}
      data-colours={JSON.stringify(Object.fromEntries(shown.map((l, i) => [l, shownColours[i]])))}
    >
      <div ref={ref} role="img" aria-label={`${title} (bar chart; the table holds the same numbers)`} />
      <figcaption class="muted">
        {title}
        {labels.length > MAX_BARS && ` — the first ${MAX_BARS} of ${labels.length} bars; the table has all`}
      </figcaption>
    </figure>
  );
}
