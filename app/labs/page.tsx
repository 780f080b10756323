import type { Metadata } from "next";
import Link from "next/link";

import { requireUser } from "@/lib/auth/session";
import { labCatalog } from "@/lib/db/lab-runs";

export const metadata: Metadata = { title: "Labs" };

export default async function LabsPage() {
  await requireUser("/labs");
  const labs = await labCatalog();
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">Labs</h1>
        <p className="max-w-2xl text-slate-600 dark:text-slate-300">
          Each lab trains a real network in your browser. Predict what will happen, run it, and see which of your
          cards the result moves.
        </p>
      </header>
      <ul className="grid gap-4 sm:grid-cols-2">
        {labs.map((lab) => {
          return (
            <li
              key={lab.key}
              className="flex flex-col rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
            >
              <h2 className="text-lg font-semibold">
                <Link href={`/labs/${lab.key}`} className="hover:underline">
                  {lab.title}
                </Link>
              </h2>
              <div
                className="prose-summary mt-1 flex-1 text-sm text-slate-600 dark:text-slate-300"
                dangerouslySetInnerHTML={{ __html: lab.summaryHtml }}
              />
              <p className="mt-3 flex items-center justify-between gap-2 text-sm">
                <span className="text-slate-500 dark:text-slate-400">
                  {lab.predictionCount > 0 ? `${lab.predictionCount} predictions to make` : "No predictions yet"}
                </span>
                <Link
                  href={`/labs/${lab.key}`}
                  className="font-medium text-brand-600 hover:underline dark:text-brand-100"
                  aria-label={`Open the ${lab.title} lab`}
                >
                  Open the lab →
                </Link>
              </p>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
