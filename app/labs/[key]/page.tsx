import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { LabLoader } from "@/components/labs/lab-loader";
import { requireUser } from "@/lib/auth/session";
import { labPage } from "@/lib/db/lab-runs";
import { NotFoundError } from "@/lib/errors";
import { parseBackendParam } from "@/lib/labs/backend";
import { fromSearchParams, isLabKey, type LabConfig, toSearchParams } from "@/lib/labs/configs";

type SearchParams = Record<string, string | string[] | undefined>;

export const metadata: Metadata = { title: "Lab" };

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function queryString(params: SearchParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) search.append(key, v);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

export default async function LabPage({
  params,
  searchParams,
}: {
  params: Promise<{ key: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { key } = await params;
  const query = await searchParams;
  const viewer = await requireUser(`/labs/${encodeURIComponent(key)}${queryString(query)}`);
  if (!isLabKey(key)) notFound();

  let lab;
  try {
    lab = await labPage(viewer, key);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }

  const fromReview = first(query.from) === "review";
  const backendParam = first(query.backend);
  const preferredBackend = parseBackendParam(backendParam);
  const config = fromSearchParams(key, query);
  const keep = new URLSearchParams();
  if (preferredBackend) keep.set("backend", preferredBackend);
  if (fromReview) keep.set("from", "review");

  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <p className="text-sm">
          <Link href="/labs" className="text-brand-600 hover:underline dark:text-brand-100">
            Labs
          </Link>
        </p>
        <h1 className="text-2xl font-bold">{lab.title}</h1>
        <div
          className="prose-summary max-w-3xl text-slate-700 dark:text-slate-300"
          dangerouslySetInnerHTML={{ __html: lab.summaryHtml }}
        />
      </header>

      {!config.ok ? (
        <div role="alert" className="space-y-2 rounded-md bg-red-50 px-4 py-3 text-red-800 dark:bg-red-950 dark:text-red-200">
          <p className="font-medium">This link&apos;s lab settings are not valid: {config.error}.</p>
          <p>
            <Link
              href={`/labs/${key}${keep.size > 0 ? `?${keep.toString()}` : ""}`}
              className="font-medium underline"
            >
              Open the lab with its default settings
            </Link>
          </p>
        </div>
      ) : (
        <>
          {backendParam !== undefined && preferredBackend === null && (
            <p className="text-sm text-amber-700 dark:text-amber-300">
              &quot;{backendParam}&quot; is not a backend (webgpu, webgl, wasm or cpu); the lab picks the fastest one.
            </p>
          )}
          <LabLoader
            lab={key}
            config={{ ...config.config }}
            predictions={lab.predictions}
            recordsRuns={lab.recordsRuns}
            preferredBackend={preferredBackend}
            fromReview={fromReview}
          />
          <p className="text-xs text-slate-500 dark:text-slate-400">
            Share this run:{" "}
            <code className="break-all">
              /labs/{key}
              {(() => {
                const shared = toSearchParams(key, config.config as LabConfig).toString();
                return shared ? `?${shared}` : "";
              })()}
            </code>
          </p>
        </>
      )}
    </div>
  );
}
