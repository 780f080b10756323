import "server-only";

import path from "node:path";

import { checkCourse } from "@/lib/content/check";

import { ContentInvalidError, type SyncReport, syncCourse } from "./content-sync";

export const CONTENT_DIR = path.resolve(process.cwd(), "content");

/** Validates the content tree and syncs it; invalid content syncs nothing and names every problem. */
export async function syncContentDir(dir = CONTENT_DIR, now: Date): Promise<SyncReport> {
  const { course, problems } = checkCourse(dir);
  if (problems.length > 0) throw new ContentInvalidError(problems);
  return syncCourse(course, now);
}

export function describeSync(report: SyncReport): string {
  const parts = (["concepts", "cards", "questions", "labs"] as const).map((table) => {
    const p = report.plan[table];
    return `${table} +${p.create.length} ~${p.update.length} -${p.retire.length}`;
  });
  return report.writes === 0 ? "content up to date" : `content synced (${parts.join(", ")})`;
}
