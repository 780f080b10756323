"use server";

import { action } from "@/lib/auth/handler";
import { joinClass, leaveClass } from "@/lib/db/classes";
import { classIdSchema, joinClassSchema } from "@/lib/progress/class-schemas";

/** A student joins a class with its code. */
export const joinClassAction = action(joinClassSchema, { role: "STUDENT", name: "classes.join" }, async (input, viewer) =>
  joinClass(viewer, input.code, new Date()),
);

/** A student leaves a class they are in. */
export const leaveClassAction = action(classIdSchema, { role: "STUDENT", name: "classes.leave" }, async (input, viewer) => {
  await leaveClass(viewer, input.classId);
  return { left: true };
});
