import { fsrs, type FSRS, type StepUnit } from "ts-fsrs";
import { InvalidSettingsError } from "./errors";
import type { SchedulerSettings } from "./memory-state";
import { assertValidSettings, isStepString } from "./settings";

// Building an FSRS instance validates and clips the weights and derives the interval modifier; a review
// should not pay for that. Instances hold no per-review state once fuzz is off, so they are shared.
// The WeakMap answers for the same settings object; the keyed map answers for an equal object read again
// from the database on the next request. The keyed map is bounded (oldest entry dropped first).
const byObject = new WeakMap<SchedulerSettings, FSRS>();
const byKey = new Map<string, FSRS>();
const MAX_KEYED_INSTANCES = 256;

function settingsKey(settings: SchedulerSettings): string {
  return JSON.stringify([
    settings.desiredRetention,
    settings.weights,
    settings.learningSteps,
    settings.relearningSteps,
    settings.maximumIntervalDays,
  ]);
}

function toSteps(steps: readonly string[]): StepUnit[] {
  return steps.map((step) => {
    if (!isStepString(step)) throw new InvalidSettingsError(`Invalid (re)learning step "${step}"`);
    return step;
  });
}

function createFsrs(settings: SchedulerSettings): FSRS {
  assertValidSettings(settings);
  return fsrs({
    request_retention: settings.desiredRetention,
    maximum_interval: settings.maximumIntervalDays,
    // ts-fsrs copies and clips the array; without `w` it uses its FSRS-6 defaults.
    ...(settings.weights ? { w: [...settings.weights] } : {}),
    enable_fuzz: false,
    enable_short_term: true,
    learning_steps: toSteps(settings.learningSteps),
    relearning_steps: toSteps(settings.relearningSteps),
  });
}

/**
 * The ts-fsrs scheduler for `settings` (fuzz off, so scheduling is deterministic), built once and reused.
 * Internal to lib/srs: ts-fsrs types do not leave this folder.
 * @throws InvalidSettingsError when the settings cannot drive FSRS
 */
export function fsrsFor(settings: SchedulerSettings): FSRS {
  const cached = byObject.get(settings);
  if (cached) return cached;
  const key = settingsKey(settings);
  let instance = byKey.get(key);
  if (instance) {
    // Refresh recency so the bound drops the least recently used settings.
    byKey.delete(key);
  } else {
    instance = createFsrs(settings);
    if (byKey.size >= MAX_KEYED_INSTANCES) {
      const oldest = byKey.keys().next();
      if (!oldest.done) byKey.delete(oldest.value);
    }
  }
  byKey.set(key, instance);
  byObject.set(settings, instance);
  return instance;
}
