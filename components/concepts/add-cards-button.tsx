"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

import { buttonClass } from "@/components/ui/field";
import type { ActionResult } from "@/lib/auth/handler";

type AddConceptCards = (input: unknown) => Promise<ActionResult<{ added: number; alreadyInCollection: number }>>;

/**
 * "Add all N cards to my reviews": puts the concept's cards into the student's collection, then refreshes the
 * page so each card shows its badge. Once every card is in, it says so instead.
 */
export function AddCardsButton({
  conceptKey,
  total,
  inCollection,
  addConceptCards,
}: {
  conceptKey: string;
  total: number;
  inCollection: number;
  addConceptCards: AddConceptCards;
}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [refreshing, startRefresh] = useTransition();
  const [status, setStatus] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const missing = total - inCollection;

  async function onClick() {
    setPending(true);
    setStatus(null);
    const result = await addConceptCards({ conceptKey });
    setPending(false);
    if (!result.ok) {
      setStatus({ kind: "error", text: result.error });
      return;
    }
    const { added } = result.data;
    setStatus({
      kind: "ok",
      text: added === 0 ? "These cards were already in your reviews." : `Added ${added} card${added === 1 ? "" : "s"} to your reviews.`,
    });
    startRefresh(() => router.refresh());
  }

  const label =
    inCollection === 0 ? `Add all ${total} card${total === 1 ? "" : "s"} to my reviews` : `Add the other ${missing} card${missing === 1 ? "" : "s"} to my reviews`;
  return (
    <div className="space-y-2">
      {missing > 0 ? (
        <button type="button" className={buttonClass} onClick={onClick} disabled={pending || refreshing}>
          {pending ? "Adding…" : label}
        </button>
      ) : (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          All {total} cards are in your reviews.{" "}
          <Link href="/today" className="font-medium text-brand-600 underline dark:text-brand-100">
            Review today’s cards
          </Link>
        </p>
      )}
      <p
        role="status"
        aria-live="polite"
        className={status?.kind === "error" ? "text-sm text-red-700 dark:text-red-300" : "text-sm text-slate-600 dark:text-slate-400"}
      >
        {status?.text ?? ""}
      </p>
    </div>
  );
}
