"use client";

import { type KeyboardEvent, type PointerEvent, type ReactNode, useId, useRef } from "react";

import { clampPatch, type PatchPosition } from "@/lib/labs/conv-darkroom/occlusion";

/**
 * An image with a square patch on it that the learner drags with a pointer or moves with the arrow keys
 * (Shift: 4 pixels a press). `children` is the image underneath (a canvas the size of the container).
 */
export function PatchOverlay({
  imageSize,
  patch,
  position,
  onMove,
  children,
  disabled,
}: {
  imageSize: number;
  patch: number;
  position: PatchPosition;
  onMove: (position: PatchPosition) => void;
  children: ReactNode;
  disabled?: boolean;
}) {
  const dragging = useRef(false);
  const helpId = useId();
  const percent = (v: number) => `${(v / imageSize) * 100}%`;

  const moveTo = (event: PointerEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const x = ((event.clientX - rect.left) / rect.width) * imageSize - patch / 2;
    const y = ((event.clientY - rect.top) / rect.height) * imageSize - patch / 2;
    onMove(clampPatch({ x, y }, imageSize, patch));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? 4 : 1;
    const delta: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
      Home: [-imageSize, 0],
      End: [imageSize, 0],
    };
    const d = delta[event.key];
    if (!d || disabled) return;
    event.preventDefault();
    onMove(clampPatch({ x: position.x + d[0], y: position.y + d[1] }, imageSize, patch));
  };

  return (
    <div className="space-y-1">
      <div
        className="relative touch-none select-none"
        onPointerDown={(event) => {
          if (disabled) return;
          dragging.current = true;
          event.currentTarget.setPointerCapture(event.pointerId);
          moveTo(event);
        }}
        onPointerMove={(event) => {
          if (dragging.current) moveTo(event);
        }}
        onPointerUp={() => {
          dragging.current = false;
        }}
        onPointerCancel={() => {
          dragging.current = false;
        }}
      >
        {children}
        <div
          tabIndex={disabled ? -1 : 0}
          role="slider"
          aria-label="Occlusion patch"
          aria-describedby={helpId}
          aria-valuemin={0}
          aria-valuemax={imageSize - patch}
          aria-valuenow={position.x}
          aria-valuetext={`${position.x} pixels from the left, ${position.y} from the top`}
          aria-disabled={disabled || undefined}
          onKeyDown={onKeyDown}
          className="absolute cursor-move border-2 border-red-500 bg-black shadow focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
          style={{ left: percent(position.x), top: percent(position.y), width: percent(patch), height: percent(patch) }}
        />
      </div>
      <p id={helpId} className="text-xs text-slate-500 dark:text-slate-400">
        Drag the black patch, or focus it and use the arrow keys (Shift moves 4 pixels).
      </p>
    </div>
  );
}
