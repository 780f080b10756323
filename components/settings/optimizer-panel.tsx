"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

import { buttonClass, FormError } from "@/components/ui/field";
import type { ActionResult } from "@/lib/auth/handler";
import type { FitReport, LastFitDto, OptimizeOutcome } from "@/lib/db/optimizer";

export type OptimizeAction = (input: unknown) => Promise<ActionResult<OptimizeOutcome>>;

export interface OptimizerPanelProps {
  /** From `lastFitReport(viewer)` on the server. */
  lastFit: LastFitDto;
  /** The `optimizeMyParameters` server action. */
  optimize: OptimizeAction;
}

/** Formats in the learner's zone, so the server render and the browser agree. */
const formatWhen = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso));
const fmt = (n: number) => n.toFixed(4);

function ReportTable({ report, caption }: { report: FitReport; caption: string }) {
  return (
    <table className="w-full max-w-md text-left text-sm">
      <caption className="mb-1 text-left text-slate-600 dark:text-slate-300">{caption}</caption>
      <thead>
        <tr>
          <th scope="col" className="py-1 font-medium">
            Measure (lower is better)
          </th>
          <th scope="col" className="py-1 text-right font-medium">
            Before
          </th>
          <th scope="col" className="py-1 text-right font-medium">
            After
          </th>
        </tr>
      </thead>
      <tbody>
        <tr className="border-t border-slate-200 dark:border-slate-800">
          <th scope="row" className="py-1 font-normal">
            Log loss
          </th>
          <td className="py-1 text-right tabular-nums">{fmt(report.before.logLoss)}</td>
          <td className="py-1 text-right tabular-nums">{fmt(report.after.logLoss)}</td>
        </tr>
        <tr className="border-t border-slate-200 dark:border-slate-800">
          <th scope="row" className="py-1 font-normal">
            RMSE
          </th>
          <td className="py-1 text-right tabular-nums">{fmt(report.before.rmse)}</td>
          <td className="py-1 text-right tabular-nums">{fmt(report.after.rmse)}</td>
        </tr>
      </tbody>
    </table>
  );
}

/**
 * "Optimize my parameters": fits FSRS to the learner's own reviews on the server and shows how well the old
 * and new parameters predict that history. The button stays available below the minimum history so the
 * server's message (how many reviews are still needed) is what the learner sees.
 */
export function OptimizerPanel({ lastFit, optimize }: OptimizerPanelProps) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<OptimizeOutcome | null>(null);
  const enough = lastFit.reviewCount >= lastFit.minReviews;

  function run() {
    setError(null);
    startTransition(async () => {
      const result = await optimize({});
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setOutcome(result.data);
      // New weights change what the server renders (which parameters are in use, the last fit).
      if (result.data.applied) router.refresh();
    });
  }

  return (
    <section aria-labelledby="optimizer-heading" className="space-y-4">
      <div className="space-y-1">
        <h2 id="optimizer-heading" className="text-lg font-semibold">
          Scheduling parameters
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          FSRS starts with parameters learned from millions of reviews. Once you have {lastFit.minReviews} reviews,
          it can fit them to how you remember. You have {lastFit.reviewCount.toLocaleString("en-US")}.{" "}
          {lastFit.usingFittedWeights ? "You use parameters fitted to your reviews." : "You use the default parameters."}
        </p>
      </div>

      {lastFit.fittedAt && lastFit.report && !outcome && (
        <ReportTable
          report={lastFit.report}
          caption={`Last fit ${formatWhen(lastFit.fittedAt, lastFit.timeZone)}, on ${lastFit.report.reviews.toLocaleString("en-US")} reviews`}
        />
      )}

      <div className="flex flex-wrap items-center gap-3">
        <button type="button" className={buttonClass} onClick={run} disabled={pending} aria-describedby="optimizer-status">
          {pending ? "Optimizing…" : "Optimize my parameters"}
        </button>
        {!enough && (
          <span className="text-sm text-slate-500 dark:text-slate-400">
            {lastFit.minReviews - lastFit.reviewCount} more reviews needed.
          </span>
        )}
      </div>

      <div id="optimizer-status" aria-live="polite" className="space-y-3">
        {pending && <p className="text-sm text-slate-600 dark:text-slate-300">Fitting your parameters. This takes a few seconds.</p>}
        <FormError message={error} />
        {outcome && !pending && (
          <>
            <p
              className={
                outcome.applied
                  ? "rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200"
                  : "rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700 dark:bg-slate-800 dark:text-slate-200"
              }
            >
              {outcome.message}
            </p>
            <ReportTable
              report={outcome.report}
              caption={`Fitted ${formatWhen(outcome.fittedAt, lastFit.timeZone)}, on ${outcome.report.reviews.toLocaleString("en-US")} reviews`}
            />
          </>
        )}
      </div>
    </section>
  );
}
