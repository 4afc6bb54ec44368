import { useEffect, useRef } from "preact/hooks";
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from "chart.js";

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface Series {
  label: string;
  values: number[];
}

const COLORS = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#65a30d", "#475569", "#ea580c"];

/** A Chart.js line (or stacked bar) chart of series over shared labels, redrawn when they change. */
export function SeriesChart(props: { labels: string[]; series: Series[]; kind?: "line" | "bar"; height?: number; testId: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  useEffect(() => {
    const datasets = props.series.map((s, i) => ({
      label: s.label,
      data: s.values,
      borderColor: COLORS[i % COLORS.length],
      backgroundColor: COLORS[i % COLORS.length] + (props.kind === "bar" ? "cc" : "33"),
      tension: 0.25,
      pointRadius: 2,
    }));
    chart.current?.destroy();
    chart.current = new Chart(canvas.current!, {
      type: props.kind ?? "line",
      data: { labels: props.labels, datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
        scales: { x: { stacked: props.kind === "bar" }, y: { beginAtZero: true, stacked: props.kind === "bar", ticks: { precision: 0 } } },
      },
    });
    return () => chart.current?.destroy();
  }, [props.labels, props.series, props.kind]);
  return (
    <div class="chart" style={{ height: `${props.height ?? 220}px` }} data-testid={props.testId} data-series={props.series.map((s) => s.label).join("|")}>
      <canvas ref={canvas} />
    </div>
  );
}
