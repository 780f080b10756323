"use client";

import { useMemo, useState, useSyncExternalStore } from "react";

import { buttonClass, Field, FormError, secondaryButtonClass } from "@/components/ui/field";
import type { ActionResult } from "@/lib/auth/handler";
import { reviewSettingsSchema, type ReviewSettingsForm } from "@/lib/review/settings-schema";
import { intervalForRetention, relativeWorkload } from "@/lib/review/workload";

type FormValues = { [K in keyof ReviewSettingsForm]: string };
export type SaveSettings = (input: unknown) => Promise<ActionResult<unknown>>;

const NO_ZONES: string[] = [];
let zoneList: string[] | null = null;
const subscribeNever = () => () => {};
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
function browserZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: "timeZone") => string[] };
  zoneList ??= intl.supportedValuesOf?.("timeZone") ?? NO_ZONES;
  return zoneList;
}

function fieldErrors(values: FormValues): Record<string, string[]> {
  const result = reviewSettingsSchema.safeParse(values);
  if (result.success) return {};
  const out: Record<string, string[]> = {};
  for (const issue of result.error.issues) (out[String(issue.path[0])] ??= []).push(issue.message);
  return out;
}

/** Live estimate of what a desired retention means, next to its slider. */
function RetentionEstimate({ retention }: { retention: number }) {
  if (!Number.isFinite(retention) || retention < 0.7 || retention > 0.99) return null;
  const load = relativeWorkload(retention);
  const days = intervalForRetention(retention, 30);
  const loadText =
    Math.abs(load - 1) < 0.005 ? "the reference workload" : `about ${load.toFixed(load < 10 ? 1 : 0)}× the reviews of 0.90`;
  return (
    <p id="retention-estimate" aria-live="polite" className="text-sm text-slate-700 dark:text-slate-300">
      At {retention.toFixed(2)}: {loadText}; a card you know well (stability 30 days) comes back after{" "}
      {days < 1 ? "less than a day" : `${Math.round(days)} days`}.
    </p>
  );
}

/**
 * The learner's review settings. The same zod schema checks fields as they change and on the server; the
 * server's messages, when any, replace the local ones.
 */
export function ReviewSettingsFormView({ initial, save }: { initial: FormValues; save: SaveSettings }) {
  const [values, setValues] = useState<FormValues>(initial);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [serverErrors, setServerErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState(false);
  // The browser's zone and zone list exist only in the browser; the server renders without them.
  const deviceZone = useSyncExternalStore(subscribeNever, browserZone, () => null);
  const zones = useSyncExternalStore(subscribeNever, browserZones, () => NO_ZONES);

  const localErrors = useMemo(() => fieldErrors(values), [values]);
  const errorsFor = (name: keyof FormValues) =>
    serverErrors[name] ?? (touched.has(name) ? localErrors[name] : undefined);

  function set(name: keyof FormValues, value: string) {
    setValues((v) => ({ ...v, [name]: value }));
    setServerErrors((e) => {
      const { [name]: _dropped, ...rest } = e;
      return rest;
    });
    setSaved(false);
  }
  const touch = (name: string) => setTouched((t) => new Set(t).add(name));

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setTouched(new Set(Object.keys(values)));
    setFormError(null);
    if (Object.keys(localErrors).length > 0) {
      setFormError("Some fields need fixing.");
      return;
    }
    setPending(true);
    const result = await save(values);
    setPending(false);
    if (result.ok) {
      setSaved(true);
      setServerErrors({});
    } else {
      setFormError(result.error);
      setServerErrors(result.fieldErrors ?? {});
    }
  }

  const retention = Number(values.desiredRetention);
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6">
      <fieldset className="space-y-3">
        <legend className="text-lg font-semibold">Memory</legend>
        <div className="space-y-2">
          <label htmlFor="desiredRetention" className="block text-sm font-medium">
            Desired retention: <span className="tabular-nums">{Number.isFinite(retention) ? retention.toFixed(2) : "?"}</span>
          </label>
          <input
            id="desiredRetention"
            name="desiredRetention"
            type="range"
            min={0.7}
            max={0.99}
            step={0.01}
            value={values.desiredRetention}
            onChange={(e) => set("desiredRetention", e.target.value)}
            onBlur={() => touch("desiredRetention")}
            aria-describedby="retention-help retention-estimate"
            className="w-full accent-brand-600"
          />
          <p id="retention-help" className="text-sm text-slate-600 dark:text-slate-400">
            The chance you still remember a card when it comes back. Higher means fewer lapses but shorter intervals and more
            reviews; the cost grows steeply above 0.95. Most learners do well between 0.85 and 0.92.
          </p>
          <RetentionEstimate retention={retention} />
          {errorsFor("desiredRetention") ? (
            <p className="text-sm text-red-600 dark:text-red-400">{errorsFor("desiredRetention")?.join(" ")}</p>
          ) : null}
        </div>
      </fieldset>

      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-lg font-semibold">Daily limits</legend>
        <Field label="New cards per day" name="newPerDay" type="number" inputMode="numeric" min={0} value={values.newPerDay}
          onChange={(e) => set("newPerDay", e.target.value)} onBlur={() => touch("newPerDay")} errors={errorsFor("newPerDay")}
          hint="Cards you have not studied yet that the queue starts each day." />
        <Field label="Maximum reviews per day" name="maxReviewsPerDay" type="number" inputMode="numeric" min={0} value={values.maxReviewsPerDay}
          onChange={(e) => set("maxReviewsPerDay", e.target.value)} onBlur={() => touch("maxReviewsPerDay")} errors={errorsFor("maxReviewsPerDay")}
          hint="Reviews and new cards together; cards in learning steps always come back." />
      </fieldset>

      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-lg font-semibold">Steps</legend>
        <Field label="Learning steps" name="learningSteps" value={values.learningSteps} autoComplete="off"
          onChange={(e) => set("learningSteps", e.target.value)} onBlur={() => touch("learningSteps")} errors={errorsFor("learningSteps")}
          hint='Waits before a new card graduates, e.g. "1m 10m" (m, h or d).' />
        <Field label="Relearning steps" name="relearningSteps" value={values.relearningSteps} autoComplete="off"
          onChange={(e) => set("relearningSteps", e.target.value)} onBlur={() => touch("relearningSteps")} errors={errorsFor("relearningSteps")}
          hint='After a lapse, e.g. "10m"; leave empty to let FSRS choose at once.' />
      </fieldset>

      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-lg font-semibold">Your day</legend>
        <div className="space-y-2">
          <Field label="Time zone" name="timezone" value={values.timezone} list="timezones" autoComplete="off"
            onChange={(e) => set("timezone", e.target.value)} onBlur={() => touch("timezone")} errors={errorsFor("timezone")}
            hint='An IANA name such as "Europe/Berlin".' />
          <datalist id="timezones">
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          {deviceZone && deviceZone !== values.timezone ? (
            <button type="button" className={`${secondaryButtonClass} text-xs`} onClick={() => set("timezone", deviceZone)}>
              Use this device&apos;s zone ({deviceZone})
            </button>
          ) : null}
        </div>
        <Field label="Day starts at (hour, 0-23)" name="dayStartHour" type="number" inputMode="numeric" min={0} max={23} value={values.dayStartHour}
          onChange={(e) => set("dayStartHour", e.target.value)} onBlur={() => touch("dayStartHour")} errors={errorsFor("dayStartHour")}
          hint="Reviews before this hour count for the day before, so a late night stays one day." />
      </fieldset>

      <FormError message={formError} />
      <div className="flex items-center gap-3">
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Saving…" : "Save settings"}
        </button>
        <p role="status" aria-live="polite" className="text-sm text-emerald-700 dark:text-emerald-300">
          {saved ? "Saved. The next cards use these settings." : ""}
        </p>
      </div>
    </form>
  );
}
