"use server";

import { action } from "@/lib/auth/handler";
import { joinClass, leaveClass } from "@/lib/db/classes";
import type { Viewer } from "@/lib/db/users";
import { UnauthorizedError } from "@/lib/errors";
import { classIdSchema, joinClassSchema } from "@/lib/progress/class-schemas";

function who(viewer: Viewer | null): Viewer {
  if (!viewer) throw new UnauthorizedError();
  return viewer;
}

/** A student joins a class with its code. */
export const joinClassAction = action(joinClassSchema, { role: "STUDENT", name: "classes.join" }, async (input, viewer) =>
  joinClass(who(viewer), input.code, new Date()),
);

/** A student leaves a class they are in. */
export const leaveClassAction = action(classIdSchema, { role: "STUDENT", name: "classes.leave" }, async (input, viewer) => {
  await leaveClass(who(viewer), input.classId);
  return { left: true };
});
