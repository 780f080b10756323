"use client";

import { usePathname, useRouter } from "next/navigation";
import { useEffect, useState } from "react";

import type { BackendName } from "@/lib/labs/backend";
import { type LabConfig, parseLabConfig, toSearchParams } from "@/lib/labs/configs";
import type { LabKey } from "@/lib/labs/lab-keys";

/** How long the URL waits for the learner to stop changing a setting before it follows. */
const URL_DEBOUNCE_MS = 300;

function textValues(config: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, String(v)]));
}

/** Reads the form's text values the way the URL is read: numbers and flags typed, the rest as text. */
function decodeValues(values: Readonly<Record<string, string>>, defaults: Readonly<Record<string, unknown>>) {
  const out: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(values)) {
    const kind = typeof defaults[key];
    if (kind === "number" && text.trim() !== "" && Number.isFinite(Number(text))) out[key] = Number(text);
    else if (kind === "boolean" && (text === "true" || text === "false")) out[key] = text === "true";
    else out[key] = text;
  }
  return out;
}

/**
 * A lab's settings, bound to the page's URL: the form's text values, what they parse to, and the config to show
 * (the last valid one while the form holds an error). The URL follows a valid change after a short pause; a
 * navigation to another preset (a link, the back button) replaces the form's values.
 */
export function useLabSettings(
  lab: LabKey,
  config: Readonly<Record<string, unknown>>,
  preferredBackend: BackendName | null,
  fromReview: boolean,
) {
  const router = useRouter();
  const pathname = usePathname();
  const [values, setValues] = useState(() => textValues(config));
  const parsed = parseLabConfig(lab, decodeValues(values, config));
  const localQuery = parsed.ok ? toSearchParams(lab, parsed.config).toString() : null;
  const propsQuery = toSearchParams(lab, config as LabConfig<LabKey>).toString();
  const [seenPropsQuery, setSeenPropsQuery] = useState(propsQuery);
  if (propsQuery !== seenPropsQuery) {
    setSeenPropsQuery(propsQuery);
    if (propsQuery !== localQuery) setValues(textValues(config));
  }

  useEffect(() => {
    if (localQuery === null || localQuery === propsQuery) return;
    const timer = setTimeout(() => {
      const params = new URLSearchParams(localQuery);
      if (preferredBackend) params.set("backend", preferredBackend);
      if (fromReview) params.set("from", "review");
      const query = params.toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    }, URL_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [localQuery, propsQuery, preferredBackend, fromReview, pathname, router]);

  return {
    values,
    parsed,
    shownConfig: parsed.ok ? parsed.config : (config as LabConfig<LabKey>),
    setValue: (field: string, value: string) => setValues((v) => ({ ...v, [field]: value })),
    setConfig: (next: Readonly<Record<string, unknown>>) => setValues(textValues(next)),
  };
}
