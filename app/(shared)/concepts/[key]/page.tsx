import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";

import { ConceptView } from "@/components/concepts/concept-view";
import { requireUser } from "@/lib/auth/session";
import { KEY_PATTERN } from "@/lib/content/schema";
import { conceptPage } from "@/lib/db/concepts";
import { NotFoundError } from "@/lib/errors";

import { addConceptCards } from "./actions";

type Props = { params: Promise<{ key: string }> };

// One load per request, shared by the metadata and the page.
const load = cache(async (key: string) => {
  const viewer = await requireUser(`/concepts/${encodeURIComponent(key)}`);
  if (!KEY_PATTERN.test(key)) notFound();
  const now = new Date();
  try {
    return { concept: await conceptPage(viewer, key, now), now };
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { concept } = await load((await params).key);
  return { title: concept.title };
}

export default async function ConceptPage({ params }: Props) {
  const { concept, now } = await load((await params).key);
  return <ConceptView concept={concept} now={now} addConceptCards={addConceptCards} />;
}
