"use server";

import { action } from "@/lib/auth/handler";
import { updateUserSettings } from "@/lib/db/settings";
import { reviewSettingsSchema } from "@/lib/review/settings-schema";

/** Saves the student's review settings (the form's schema, checked again here). */
export const saveReviewSettings = action(reviewSettingsSchema, { role: "STUDENT", name: "save-review-settings" }, async (input, viewer) => {
  const saved = await updateUserSettings(viewer, input);
  return { desiredRetention: saved.desiredRetention, timezone: saved.timezone };
});
