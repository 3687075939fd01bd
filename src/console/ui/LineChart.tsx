// Step lines over time, one per series (x in Unix seconds).
import uPlot from 'uplot';
import { colour, gridColour, inkColour } from './palette';
import { useChart } from './useChart';

interface Props {
  xs: number[];
  series: { label: string; values: (number | null)[]; colour?: string }[];
  yLabel: string;
  title: string;
  testId?: string;
}

export function LineChart({ xs, series, yLabel, title, testId }: Props) {
  const ref = useChart(
    (width) => ({
      data: [xs, ...series.map((s) => s.values)],
      options: {
        width,
        height: 280,
        scales: { x: { time: true } },
        axes: [
          { stroke: inkColour(), grid: { stroke: gridColour() } },
          { label: yLabel, size: 70, stroke: inkColour(), grid: { stroke: gridColour() } },
        ],
        series: [
          {},
          ...series.map((s, i) => ({
            label: s.label,
            stroke: s.colour ?? colour(i),
            width: 2,
            paths: uPlot.paths.stepped!({ align: 1 }),
          })),
        ],
      },
    }),
    JSON.stringify([xs, series, yLabel]),
  );
  return (
    <figure
      class="chart"
      data-testid={testId}
      data-colours={JSON.stringify(Object.fromEntries(series.map((s, i) => [s.label, s.colour ?? colour(i)])))}
    >
      <div ref={ref} role="img" aria-label={`${title} (line chart)`} />
      <figcaption class="muted">{title}</figcaption>
    </figure>
  );
}
