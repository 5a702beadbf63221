import { useEffect, useRef, useState } from "react";

/**
 * A Chart.js chart, drawn in the browser only (STYLE.md: charts are created in an effect, so the
 * server-rendered page is complete without them). Every chart sits beside a table of the same
 * numbers (its "table twin"), which is what screen readers, printing without scripts and the
 * no-JavaScript page rely on; the canvas is an image with a text summary (role="img", aria-label).
 * Colour is never the only carrier: each series also has its own hatching and its label in the
 * legend, and the axis says what is counted.
 */

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  /** #rrggbb */
  colour: string;
}

export interface ChartSpec {
  labels: string[];
  series: ChartSeries[];
  /** Bars stacked (a distribution) or side by side (a comparison). */
  stacked?: boolean;
  /** Horizontal bars read better with many categories. */
  horizontal?: boolean;
  /** What the value axis counts, e.g. "Agencies" or "Score (%)". */
  valueLabel: string;
  /** Fixed top of the value axis (100 for percentages). */
  max?: number;
}

/** A distinct hatching per series (none, diagonal, cross-hatch, dots, …), so series differ without colour. */
function hatch(context: CanvasRenderingContext2D, colour: string, index: number): CanvasPattern | string {
  const size = 10;
  const tile = document.createElement("canvas");
  tile.width = size;
  tile.height = size;
  const pen = tile.getContext("2d");
  if (!pen) return colour;
  pen.fillStyle = colour;
  pen.fillRect(0, 0, size, size);
  pen.strokeStyle = "rgba(255,255,255,0.75)";
  pen.fillStyle = "rgba(255,255,255,0.75)";
  pen.lineWidth = 2;
  const kind = index % 5;
  if (kind === 1 || kind === 3) {
    pen.beginPath();
    pen.moveTo(0, size);
    pen.lineTo(size, 0);
    pen.stroke();
  }
  if (kind === 3) {
    pen.beginPath();
    pen.moveTo(0, 0);
    pen.lineTo(size, size);
    pen.stroke();
  }
  if (kind === 2) {
    pen.beginPath();
    pen.arc(size / 2, size / 2, 1.8, 0, 2 * Math.PI);
    pen.fill();
  }
  if (kind === 4) {
    pen.fillRect(0, size / 2 - 1, size, 2);
  }
  return context.createPattern(tile, "repeat") ?? colour;
}

export function Chart({ spec, summary, height = 320 }: { spec: ChartSpec; summary: string; height?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  // The canvas is only put on the page once scripts run: without them the table twin stands alone.
  const [scripted, setScripted] = useState(false);
  useEffect(() => setScripted(true), []);

  // Redraw only when the numbers change, not on every render of the page.
  const specKey = JSON.stringify(spec);
  useEffect(() => {
    if (!scripted || !canvas.current) return;
    let chart: { destroy(): void } | null = null;
    let cancelled = false;
    const element = canvas.current;
    import("chart.js/auto").then(({ default: ChartJs }) => {
      const context = element.getContext("2d");
      if (cancelled || !context) return;
      const valueAxis = {
        stacked: spec.stacked ?? false,
        beginAtZero: true,
        max: spec.max,
        title: { display: true, text: spec.valueLabel },
        ticks: spec.max === undefined ? { precision: 0 } : undefined,
      };
      const categoryAxis = { stacked: spec.stacked ?? false };
      chart = new ChartJs(element, {
        type: "bar",
        data: {
          labels: spec.labels,
          datasets: spec.series.map((series, index) => ({
            label: series.label,
            data: series.values,
            backgroundColor: hatch(context, series.colour, index),
            borderColor: "#0b0c0c",
            borderWidth: 1,
          })),
        },
        options: {
          indexAxis: spec.horizontal ? "y" : "x",
          maintainAspectRatio: false,
          animation: false,
          scales: spec.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
          plugins: { legend: { position: "bottom", labels: { color: "#0b0c0c" } } },
        },
      });
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
    // `spec` is compared by its key: a new object with the same content must not redraw the chart.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scripted, specKey]);

  if (!scripted) return null;
  return (
    <div className="app-chart" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={summary}>
        {summary}
      </canvas>
    </div>
  );
}
