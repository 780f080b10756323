import type { Metadata } from "next";

import { ReviewScreen } from "@/components/review/review-screen";
import { requireRole } from "@/lib/auth/session";
import { conceptKeysOfGroup } from "@/lib/db/collection";
import { reviewSession } from "@/lib/db/review-session";

import { addFoundations } from "./actions";

export const metadata: Metadata = { title: "Today" };

export default async function TodayPage() {
  const viewer = await requireRole("STUDENT", "/today");
  const now = new Date();
  const session = await reviewSession(viewer, now);
  const foundationsCount = session.collectionSize === 0 ? (await conceptKeysOfGroup("Foundations")).length : 0;
  return <ReviewScreen initial={session} addFoundations={addFoundations} foundationsCount={foundationsCount} />;
}
