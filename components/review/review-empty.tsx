"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

import { buttonClass, FormError, secondaryButtonClass } from "@/components/ui/field";
import type { ActionResult } from "@/lib/auth/handler";
import type { SessionMeta } from "@/lib/review/session-state";

import { LocalTime } from "./local-time";

export type AddFoundations = (input: unknown) => Promise<ActionResult<{ added: number }>>;

/** An empty collection: where cards come from, and a one-click start. */
export function EmptyCollection({ addFoundations, foundationsCount }: { addFoundations: AddFoundations; foundationsCount: number }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [refreshing, startRefresh] = useTransition();
  async function onAdd() {
    setPending(true);
    setError(null);
    const result = await addFoundations({});
    setPending(false);
    if (!result.ok) return setError(result.error);
    startRefresh(() => router.refresh());
  }
  return (
    <section className="space-y-4 rounded-xl border border-dashed border-slate-300 p-6 text-center dark:border-slate-700">
      <h2 className="text-xl font-semibold">Your collection is empty</h2>
      <p className="text-slate-600 dark:text-slate-300">
        Cards you add from a concept page, and cards a quiz or lab grades, come here to be reviewed on the day you are
        about to forget them.
      </p>
      <div className="flex flex-wrap justify-center gap-3">
        {foundationsCount > 0 ? (
          <button type="button" className={buttonClass} onClick={onAdd} disabled={pending || refreshing}>
            {pending || refreshing ? "Adding…" : `Add the Foundations concepts (${foundationsCount})`}
          </button>
        ) : null}
        <Link href="/concepts" className={secondaryButtonClass}>
          Browse the concepts
        </Link>
      </div>
      <FormError message={error} />
    </section>
  );
}

/** Nothing left today: what was done and when to come back. */
export function AllDone({ meta, done }: { meta: SessionMeta; done: number }) {
  const newWaiting = meta.newInCollection > 0 && meta.newToday >= meta.limits.newPerDay;
  return (
    <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-6 text-center dark:border-slate-800 dark:bg-slate-900" data-testid="all-done">
      <h2 className="text-xl font-semibold">{done > 0 || meta.reviewedToday > 0 ? "All done for now" : "Nothing is due"}</h2>
      <p className="text-slate-600 dark:text-slate-300">
        {meta.reviewedToday > 0 ? `You answered ${meta.reviewedToday} card${meta.reviewedToday === 1 ? "" : "s"} today. ` : ""}
        {meta.nextLearningDue ? (
          <>
            A card in its learning steps comes back at <LocalTime iso={meta.nextLearningDue} />; this page will show it then.
          </>
        ) : meta.nextDue ? (
          <>
            The next card is due <LocalTime iso={meta.nextDue} />.
          </>
        ) : null}
      </p>
      {newWaiting ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {meta.newInCollection} new card{meta.newInCollection === 1 ? "" : "s"} wait for tomorrow (today&apos;s limit of{" "}
          {meta.limits.newPerDay} is reached; new cards return at <LocalTime iso={meta.dayEnd} withRelative={false} />). You can change
          the limit in <Link href="/settings" className="underline">settings</Link>.
        </p>
      ) : null}
      <p className="text-sm">
        <Link href="/quizzes" className="underline underline-offset-2">Take a quiz</Link> or{" "}
        <Link href="/concepts" className="underline underline-offset-2">add more cards</Link>.
      </p>
    </section>
  );
}
