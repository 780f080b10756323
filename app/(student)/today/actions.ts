"use server";

import { z } from "zod";

import { action } from "@/lib/auth/handler";
import { conceptKeysOfGroup, introduceConcepts } from "@/lib/db/collection";

/** "Add the Foundations concepts": every live card of the course's first group joins the student's reviews. */
export const addFoundations = action(z.object({}), { role: "STUDENT", name: "add-foundations" }, async (_input, viewer) => {
  const now = new Date();
  const result = await introduceConcepts(viewer, await conceptKeysOfGroup("Foundations"), now);
  return { added: result.added.length };
});
