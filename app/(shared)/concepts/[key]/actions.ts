"use server";

import { z } from "zod";

import { action } from "@/lib/auth/handler";
import { keySchema } from "@/lib/content/schema";
import { introduceCards } from "@/lib/db/collection";
import { conceptCardIds } from "@/lib/db/concepts";

const addConceptCardsSchema = z.object({ conceptKey: keySchema });

/** Adds every live card of a concept to the student's reviews; cards already there keep their state. */
export const addConceptCards = action(
  addConceptCardsSchema,
  { role: "STUDENT", name: "add-concept-cards" },
  async ({ conceptKey }, viewer) => {
    const now = new Date();
    const result = await introduceCards(viewer, await conceptCardIds(conceptKey), now);
    return { added: result.added.length, alreadyInCollection: result.alreadyInCollection };
  },
);
