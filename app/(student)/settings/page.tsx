import type { Metadata } from "next";
import Link from "next/link";

import { OptimizerPanel } from "@/components/settings/optimizer-panel";
import { ReviewSettingsFormView } from "@/components/settings/review-settings-form";
import { requireRole } from "@/lib/auth/session";
import { lastFitReport } from "@/lib/db/optimizer";
import { userSettings } from "@/lib/db/settings";

import { saveReviewSettings } from "./actions";
import { optimizeMyParameters } from "./optimizer-actions";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const viewer = await requireRole("STUDENT", "/settings");
  const [settings, lastFit] = await Promise.all([userSettings(viewer), lastFitReport(viewer)]);
  return (
    <div className="mx-auto max-w-3xl space-y-10">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold tracking-tight">Settings</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">How your reviews are scheduled.</p>
        </div>
        <nav aria-label="Settings" className="flex gap-2 text-sm">
          <Link href="/today" className="rounded-md px-2 py-1 text-slate-600 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-800">
            Back to today
          </Link>
          <Link href="/stats" className="rounded-md px-2 py-1 text-slate-600 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-800">
            Stats
          </Link>
        </nav>
      </div>

      <ReviewSettingsFormView
        save={saveReviewSettings}
        initial={{
          desiredRetention: settings.desiredRetention.toFixed(2),
          newPerDay: String(settings.newPerDay),
          maxReviewsPerDay: String(settings.maxReviewsPerDay),
          learningSteps: settings.learningSteps.join(" "),
          relearningSteps: settings.relearningSteps.join(" "),
          timezone: settings.timezone,
          dayStartHour: String(settings.dayStartHour),
        }}
      />

      {/* Personal FSRS parameters, fitted from this learner's own review history (the panel has its own heading). */}
      <div className="border-t border-slate-200 pt-8 dark:border-slate-800">
        <OptimizerPanel lastFit={lastFit} optimize={optimizeMyParameters} />
      </div>
    </div>
  );
}
