"use client";

export interface ChartSeries {
  readonly label: string;
  /** A Tailwind stroke class, with its dark variant. */
  readonly strokeClass: string;
  readonly dashed?: boolean;
  readonly xs: readonly number[];
  readonly ys: readonly number[];
}

const W = 320;
const H = 180;
const PAD = { left: 40, right: 10, top: 10, bottom: 30 };

function ticks(min: number, max: number, count: number): number[] {
  return Array.from({ length: count + 1 }, (_, i) => min + ((max - min) * i) / count);
}

function tickText(v: number): string {
  return Math.abs(v) >= 100 || Number.isInteger(v) ? String(Math.round(v)) : v.toFixed(1);
}

/**
 * A small line chart in SVG: a few series over a shared x range, an optional vertical marker. The chart is
 * one image to assistive technology, described by `label`; the numbers that matter are also in the text
 * around it.
 */
export function LineChart({
  series,
  xDomain,
  yDomain,
  xLabel,
  yLabel,
  marker,
  label,
}: {
  series: readonly ChartSeries[];
  xDomain: [number, number];
  yDomain: [number, number];
  xLabel: string;
  yLabel: string;
  marker?: number;
  label: string;
}) {
  const [x0, x1] = xDomain;
  const [y0, y1] = yDomain;
  const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const sy = (y: number) => H - PAD.bottom - ((Math.min(y1, Math.max(y0, y)) - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  return (
    <figure className="space-y-1">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} className="w-full text-slate-500 dark:text-slate-400">
        {ticks(y0, y1, 4).map((y) => (
          <g key={`y${y}`}>
            <line x1={PAD.left} x2={W - PAD.right} y1={sy(y)} y2={sy(y)} className="stroke-slate-200 dark:stroke-slate-700" strokeWidth={0.5} />
            <text x={PAD.left - 4} y={sy(y) + 3} textAnchor="end" fontSize={9} fill="currentColor">
              {tickText(y)}
            </text>
          </g>
        ))}
        {ticks(x0, x1, 4).map((x) => (
          <text key={`x${x}`} x={sx(x)} y={H - PAD.bottom + 12} textAnchor="middle" fontSize={9} fill="currentColor">
            {tickText(x)}
          </text>
        ))}
        <text x={(PAD.left + W - PAD.right) / 2} y={H - 4} textAnchor="middle" fontSize={10} fill="currentColor">
          {xLabel}
        </text>
        <text x={10} y={(PAD.top + H - PAD.bottom) / 2} textAnchor="middle" fontSize={10} fill="currentColor" transform={`rotate(-90 10 ${(PAD.top + H - PAD.bottom) / 2})`}>
          {yLabel}
        </text>
        {series.map((s) => (
          <polyline
            key={s.label}
            fill="none"
            strokeWidth={1.8}
            strokeDasharray={s.dashed ? "5 3" : undefined}
            className={s.strokeClass}
            points={s.xs.map((x, i) => `${sx(x).toFixed(1)},${sy(s.ys[i] as number).toFixed(1)}`).join(" ")}
          />
        ))}
        {marker !== undefined && (
          <line x1={sx(marker)} x2={sx(marker)} y1={PAD.top} y2={H - PAD.bottom} className="stroke-red-500" strokeWidth={1} />
        )}
      </svg>
      <figcaption className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-300">
        {series.map((s) => (
          <span key={s.label} className="inline-flex items-center gap-1">
            <svg width="18" height="6" aria-hidden="true">
              <line x1="0" x2="18" y1="3" y2="3" strokeWidth={2} strokeDasharray={s.dashed ? "4 2" : undefined} className={s.strokeClass} />
            </svg>
            {s.label}
          </span>
        ))}
        {marker !== undefined && <span className="text-red-600 dark:text-red-400">red line: t = {marker}</span>}
      </figcaption>
    </figure>
  );
}
