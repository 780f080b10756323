import type { Metadata } from "next";

import { ConceptIndexList } from "@/components/concepts/concept-index-list";
import { requireUser } from "@/lib/auth/session";
import { conceptIndex } from "@/lib/db/concepts";

export const metadata: Metadata = { title: "Concepts" };

export default async function ConceptsPage() {
  const viewer = await requireUser("/concepts");
  const now = new Date();
  const index = await conceptIndex(viewer, now);
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold tracking-tight">Concepts</h1>
        <p className="text-slate-600 dark:text-slate-300">
          {index.showProgress
            ? "Every concept of the course, in the order it builds up. Mastery is how much of a concept's cards in your reviews you would recall right now."
            : "Every concept of the course, in the order it builds up."}
        </p>
      </header>
      <ConceptIndexList index={index} />
    </div>
  );
}
