"use client";

import { type KeyboardEvent, type PointerEvent, useEffect, useId, useRef, useState } from "react";

import { secondaryButtonClass } from "@/components/ui/field";
import { blankImage, type GreyImage, paintStroke } from "@/lib/labs/conv-darkroom/images";

interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * A square canvas the learner draws on in white, with a mouse, a pen or a finger, or with the keyboard: the
 * arrow keys move the pen, Space lifts or lowers it (moving a lowered pen draws), E switches to the eraser.
 * Every change hands a new image to `onChange`.
 */
export function DrawCanvas({
  image,
  onChange,
  label,
  brush,
}: {
  image: GreyImage;
  onChange: (image: GreyImage) => void;
  label: string;
  /** Brush radius in image pixels. */
  brush: number;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const last = useRef<Point | null>(null);
  const working = useRef<GreyImage>(image);
  const [pen, setPen] = useState<Point>({ x: image.size / 2, y: image.size / 2 });
  const [penDown, setPenDown] = useState(false);
  const [eraser, setEraser] = useState(false);
  const [focused, setFocused] = useState(false);
  const helpId = useId();
  const n = image.size;

  useEffect(() => {
    working.current = image;
    const context = ref.current?.getContext("2d");
    if (!context) return;
    const data = context.createImageData(n, n);
    image.pixels.forEach((v, i) => {
      const g = Math.round(255 * Math.min(1, Math.max(0, v)));
      data.data.set([g, g, g, 255], i * 4);
    });
    context.putImageData(data, 0, 0);
    if (focused) {
      // The keyboard pen: a red square, filled while it draws.
      context.strokeStyle = "#ef4444";
      context.fillStyle = "rgba(239, 68, 68, 0.5)";
      context.lineWidth = Math.max(0.5, n / 128);
      const r = brush + 0.5;
      if (penDown) context.fillRect(pen.x - r, pen.y - r, 2 * r, 2 * r);
      context.strokeRect(pen.x - r, pen.y - r, 2 * r, 2 * r);
    }
  }, [image, n, pen, penDown, focused, brush]);

  const stroke = (from: Point, to: Point) => {
    const next: GreyImage = { size: n, pixels: Float32Array.from(working.current.pixels) };
    paintStroke(next, from, to, brush, eraser ? 0 : 1);
    working.current = next;
    onChange(next);
  };

  const toImage = (event: PointerEvent<HTMLCanvasElement>): Point => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: ((event.clientX - rect.left) / rect.width) * n, y: ((event.clientY - rect.top) / rect.height) * n };
  };

  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    const p = toImage(event);
    last.current = p;
    stroke(p, p);
  };
  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    if (!last.current) return;
    const p = toImage(event);
    stroke(last.current, p);
    last.current = p;
  };
  const onPointerUp = () => {
    last.current = null;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLCanvasElement>) => {
    const step = event.shiftKey ? 4 : 1;
    const moves: Record<string, Point> = {
      ArrowLeft: { x: -step, y: 0 },
      ArrowRight: { x: step, y: 0 },
      ArrowUp: { x: 0, y: -step },
      ArrowDown: { x: 0, y: step },
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      const next = { x: Math.max(0, Math.min(n, pen.x + move.x)), y: Math.max(0, Math.min(n, pen.y + move.y)) };
      if (penDown) stroke(pen, next);
      setPen(next);
    } else if (event.key === " ") {
      event.preventDefault();
      if (!penDown) stroke(pen, pen);
      setPenDown(!penDown);
    } else if (event.key === "e" || event.key === "E") {
      setEraser(!eraser);
    }
  };

  return (
    <div className="space-y-2">
      <canvas
        ref={ref}
        width={n}
        height={n}
        tabIndex={0}
        role="img"
        aria-label={label}
        aria-describedby={helpId}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onKeyDown={onKeyDown}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          setPenDown(false);
        }}
        className="aspect-square w-full cursor-crosshair touch-none rounded border border-slate-300 bg-black [image-rendering:pixelated] focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 dark:border-slate-700"
      />
      <p id={helpId} className="text-xs text-slate-500 dark:text-slate-400">
        Draw with the mouse or a finger. Keyboard: arrow keys move the pen (Shift for bigger steps), Space puts
        it down or lifts it, E switches between pen and eraser.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className={secondaryButtonClass} onClick={() => onChange(blankImage(n))}>
          Clear
        </button>
        <button type="button" className={secondaryButtonClass} aria-pressed={eraser} onClick={() => setEraser(!eraser)}>
          Eraser
        </button>
        <span aria-live="polite" className="text-xs text-slate-600 dark:text-slate-300">
          {eraser ? "Erasing" : "Drawing"}
          {focused ? (penDown ? ", pen down" : ", pen up") : ""}
        </span>
      </div>
    </div>
  );
}
