"use client";

import { useEffect, useState } from "react";

/** "in 5 min", "in 3 h", "in 2 days" from now (what the learner cares about first). */
export function relativeFromNow(iso: string, nowMs: number): string {
  const ms = new Date(iso).getTime() - nowMs;
  if (ms <= 30_000) return "now";
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.round(ms / 3_600_000);
  if (hours < 36) return `in ${hours} h`;
  return `in ${Math.round(ms / 86_400_000)} days`;
}

/**
 * A moment shown in the browser's own time zone and relative to now. The server cannot know either, so the
 * text is filled in after hydration; the machine-readable date is there from the start.
 */
export function LocalTime({ iso, withRelative = true }: { iso: string; withRelative?: boolean }) {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    const update = () => {
      const date = new Date(iso);
      const sameDay = date.toDateString() === new Date().toDateString();
      const absolute = date.toLocaleString(undefined, sameDay ? { hour: "numeric", minute: "2-digit" } : { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });
      setText(withRelative ? `${absolute} (${relativeFromNow(iso, Date.now())})` : absolute);
    };
    update();
    const timer = setInterval(update, 30_000);
    return () => clearInterval(timer);
  }, [iso, withRelative]);
  return <time dateTime={iso}>{text ?? new Date(iso).toISOString().slice(0, 16).replace("T", " ") + " UTC"}</time>;
}
