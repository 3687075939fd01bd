// Mounts a uPlot chart into a container and keeps it as wide as the container.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export function useChart(build: (width: number) => { options: uPlot.Options; data: uPlot.AlignedData }, key: string) {
  const ref = useRef<HTMLDivElement>(null);
  const buildRef = useRef(build);
  buildRef.current = build;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const { options, data } = buildRef.current(el.clientWidth || 640);
    const plot = new uPlot(options, data, el);
    const observer = new ResizeObserver(() => {
      if (el.clientWidth > 0) plot.setSize({ width: el.clientWidth, height: options.height });
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [key]);

  return ref;
}
