import { useEffect, useRef } from "react";

export interface LineSeries {
  label: string;
  /** One value per label; null leaves a gap (not scored, or not comparable). */
  values: (number | null)[];
}

/** GOV.UK palette colours, each with its own dash and point shape, so lines differ without colour (WCAG 1.4.1). */
const STYLES = [
  { colour: "#1d70b8", dash: [], point: "circle" },
  { colour: "#d4351c", dash: [8, 4], point: "rect" },
  { colour: "#00703c", dash: [2, 3], point: "triangle" },
  { colour: "#4c2c92", dash: [12, 4, 2, 4], point: "rectRot" },
  { colour: "#f47738", dash: [4, 4], point: "star" },
  { colour: "#505a5f", dash: [1, 2], point: "crossRot" },
  { colour: "#912b88", dash: [10, 2], point: "rectRounded" },
  { colour: "#28a197", dash: [6, 2, 1, 2], point: "cross" },
  { colour: "#b58840", dash: [3, 6], point: "dash" },
  { colour: "#0b0c0c", dash: [14, 3], point: "line" },
] as const;

/**
 * A line chart drawn by Chart.js in the browser only (in an effect, so the server-rendered page is
 * complete without it, STYLE.md). The canvas is an image with a label that points to the table of
 * the same numbers, which is always on the page; the legend names every line.
 */
/** `percentScale` (the default) fixes the axis at 0–100; without it the axis starts at 0 and fits the values (counts, days, rates). */
export function LineChart({
  labels,
  series,
  label,
  yTitle,
  percentScale = true,
}: {
  labels: string[];
  series: LineSeries[];
  label: string;
  yTitle: string;
  percentScale?: boolean;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let chart: { destroy(): void } | null = null;
    let cancelled = false;
    import("chart.js/auto").then(({ default: Chart }) => {
      if (cancelled || !canvas.current) return;
      chart = new Chart(canvas.current, {
        type: "line",
        data: {
          labels,
          datasets: series.map((entry, index) => {
            const style = STYLES[index % STYLES.length];
            return {
              label: entry.label,
              data: entry.values,
              borderColor: style.colour,
              backgroundColor: style.colour,
              borderDash: [...style.dash],
              pointStyle: style.point,
              pointRadius: 5,
              borderWidth: 3,
              spanGaps: false,
            };
          }),
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: {
            y: percentScale
              ? { min: 0, max: 100, title: { display: true, text: yTitle } }
              : { beginAtZero: true, title: { display: true, text: yTitle } },
          },
          plugins: { legend: { labels: { usePointStyle: true } } },
        },
      });
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [labels, series, yTitle, percentScale]);
  return (
    <div className="app-chart">
      <canvas ref={canvas} role="img" aria-label={`${label}. The same numbers are in the table below.`} />
    </div>
  );
}
