import "server-only";

import { reviewSettingsSchema, type ReviewSettings } from "@/lib/review/settings-schema";
import { DEFAULT_SCHEDULER_SETTINGS, FSRS_WEIGHT_COUNT, type SchedulerSettings } from "@/lib/srs";

import { db } from "./client";
import type { Prisma } from "./generated/client";
import type { Viewer } from "./users";

type Tx = Prisma.TransactionClient;

/** A learner's review settings, as pages and the scheduler read them. */
export interface UserSettingsDto {
  desiredRetention: number;
  newPerDay: number;
  maxReviewsPerDay: number;
  learningSteps: string[];
  relearningSteps: string[];
  timezone: string;
  dayStartHour: number;
  /** True when FSRS weights fitted to this learner's history are in use (otherwise the defaults). */
  hasFittedWeights: boolean;
  paramsFittedAt: Date | null;
}

/** The columns every settings read selects. */
export const settingsSelect = {
  desiredRetention: true,
  newPerDay: true,
  maxReviewsPerDay: true,
  learningSteps: true,
  relearningSteps: true,
  timezone: true,
  dayStartHour: true,
  fsrsWeights: true,
  paramsFittedAt: true,
} as const;

export type SettingsRow = Prisma.UserSettingsGetPayload<{ select: typeof settingsSelect }>;

/** What a learner with no settings row gets: the column defaults of `UserSettings`. */
export const DEFAULT_SETTINGS_ROW: SettingsRow = {
  desiredRetention: DEFAULT_SCHEDULER_SETTINGS.desiredRetention,
  newPerDay: 20,
  maxReviewsPerDay: 200,
  learningSteps: [...DEFAULT_SCHEDULER_SETTINGS.learningSteps],
  relearningSteps: [...DEFAULT_SCHEDULER_SETTINGS.relearningSteps],
  timezone: "UTC",
  dayStartHour: 4,
  fsrsWeights: [],
  paramsFittedAt: null,
};

/**
 * A settings row -> the scheduler's settings. Empty weights mean FSRS's defaults; a weight list of the wrong
 * length (which nothing in the app writes) is ignored the same way rather than failing every review.
 */
export function toSchedulerSettings(row: SettingsRow): SchedulerSettings {
  return {
    desiredRetention: row.desiredRetention,
    weights: row.fsrsWeights.length === FSRS_WEIGHT_COUNT ? row.fsrsWeights : null,
    learningSteps: row.learningSteps,
    relearningSteps: row.relearningSteps,
    maximumIntervalDays: DEFAULT_SCHEDULER_SETTINGS.maximumIntervalDays,
  };
}

function toDto(row: SettingsRow): UserSettingsDto {
  return {
    desiredRetention: row.desiredRetention,
    newPerDay: row.newPerDay,
    maxReviewsPerDay: row.maxReviewsPerDay,
    learningSteps: [...row.learningSteps],
    relearningSteps: [...row.relearningSteps],
    timezone: row.timezone,
    dayStartHour: row.dayStartHour,
    hasFittedWeights: row.fsrsWeights.length === FSRS_WEIGHT_COUNT,
    paramsFittedAt: row.paramsFittedAt,
  };
}

/** The raw settings row of one learner (defaults when they have none). */
export async function settingsRowFor(userId: string, tx?: Tx): Promise<SettingsRow> {
  const row = await (tx ?? db()).userSettings.findUnique({ where: { userId }, select: settingsSelect });
  return row ?? DEFAULT_SETTINGS_ROW;
}

/** The viewer's own review settings (defaults when they have saved none). */
export async function userSettings(viewer: Viewer): Promise<UserSettingsDto> {
  return toDto(await settingsRowFor(viewer.id));
}

/**
 * Saves the viewer's review settings. The input is parsed again with the shared schema, so a caller cannot
 * store what the form would refuse. Fitted FSRS weights are left as they are.
 *
 * @throws ZodError when a field is invalid (the action wrapper turns it into field messages)
 */
export async function updateUserSettings(viewer: Viewer, input: ReviewSettings | Record<string, unknown>): Promise<UserSettingsDto> {
  const data = reviewSettingsSchema.parse(
    // Steps arrive as lists once parsed; the schema takes the one-line form.
    normalizeStepsInput(input),
  );
  const row = await db().userSettings.upsert({
    where: { userId: viewer.id },
    create: { userId: viewer.id, ...data },
    update: data,
    select: settingsSelect,
  });
  return toDto(row);
}

function normalizeStepsInput(input: ReviewSettings | Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...input };
  for (const key of ["learningSteps", "relearningSteps"] as const) {
    const value = out[key];
    if (Array.isArray(value)) out[key] = value.join(" ");
  }
  return out;
}
