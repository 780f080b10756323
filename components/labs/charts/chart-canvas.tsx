"use client";

import { useEffect, useRef, useState } from "react";

import type { ChartTheme } from "./draw";

export type DrawFn = (ctx: CanvasRenderingContext2D, width: number, height: number, theme: ChartTheme) => void;

function readTheme(canvas: HTMLCanvasElement): ChartTheme {
  const dark = document.documentElement.classList.contains("dark");
  return {
    text: getComputedStyle(canvas).color || (dark ? "#cbd5e1" : "#475569"),
    grid: dark ? "rgba(148, 163, 184, 0.18)" : "rgba(100, 116, 139, 0.18)",
    dark,
  };
}

/**
 * A canvas sized to its container (and to the screen's pixel ratio) that redraws with `draw` in the next
 * animation frame whenever `draw`, its size or the colour theme changes. Parents memoise `draw` on their
 * data, so a chart redraws only when its data changed.
 */
export function ChartCanvas({
  draw,
  height,
  label,
  className,
}: {
  draw: DrawFn;
  height: number;
  /** What the chart shows, with its latest values, for screen readers. */
  label: string;
  className?: string;
}) {
  const wrapper = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [themeVersion, setThemeVersion] = useState(0);

  useEffect(() => {
    const element = wrapper.current;
    if (!element) return;
    const observer = new ResizeObserver((entries) => {
      const next = Math.floor(entries[0]?.contentRect.width ?? 0);
      setWidth((w) => (w === next ? w : next));
    });
    observer.observe(element);
    // The theme toggle flips a class on <html>; charts read their colours when they draw.
    const themeObserver = new MutationObserver(() => setThemeVersion((v) => v + 1));
    themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
    return () => {
      observer.disconnect();
      themeObserver.disconnect();
    };
  }, []);

  useEffect(() => {
    const element = canvas.current;
    if (!element || width === 0) return;
    const id = requestAnimationFrame(() => {
      const ratio = window.devicePixelRatio || 1;
      const pixelWidth = Math.round(width * ratio);
      const pixelHeight = Math.round(height * ratio);
      if (element.width !== pixelWidth) element.width = pixelWidth;
      if (element.height !== pixelHeight) element.height = pixelHeight;
      const ctx = element.getContext("2d");
      if (!ctx) return;
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, width, height);
      draw(ctx, width, height, readTheme(element));
    });
    return () => cancelAnimationFrame(id);
  }, [draw, width, height, themeVersion]);

  return (
    <div ref={wrapper} className={className}>
      <canvas
        ref={canvas}
        role="img"
        aria-label={label}
        style={{ width: "100%", height }}
        className="block text-slate-600 dark:text-slate-300"
      />
    </div>
  );
}
