"use server";

import { z } from "zod";

import { action } from "@/lib/auth/handler";
import { optimizeParameters } from "@/lib/db/optimizer";

/** Fits FSRS parameters to the signed-in student's review history (see `optimizeParameters`). */
export const optimizeMyParameters = action(
  z.object({}).strict(),
  { role: "STUDENT", name: "optimize-parameters" },
  async (_input, viewer) => optimizeParameters(viewer, new Date()),
);
