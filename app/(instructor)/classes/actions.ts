"use server";

import { action } from "@/lib/auth/handler";
import {
  archiveClass,
  createClass,
  removeStudent,
  renameClass,
  restoreClass,
  rotateJoinCode,
  updateThresholds,
} from "@/lib/db/classes";
import { thresholdsFromInput } from "@/lib/progress/at-risk";
import {
  classIdSchema,
  createClassSchema,
  removeStudentSchema,
  renameClassSchema,
  thresholdsSchema,
} from "@/lib/progress/class-schemas";

// Instructor actions on classes. `action` checks the session and the role and parses the input; the lib/db
// functions check that the class belongs to the viewer.

const INSTRUCTOR = "INSTRUCTOR" as const;

export const createClassAction = action(createClassSchema, { role: INSTRUCTOR, name: "classes.create" }, async (input, viewer) => {
  const created = await createClass(viewer, input);
  return { id: created.id };
});

export const renameClassAction = action(renameClassSchema, { role: INSTRUCTOR, name: "classes.rename" }, async (input, viewer) => {
  const info = await renameClass(viewer, input.classId, input.name);
  return { name: info.name };
});

export const updateThresholdsAction = action(
  thresholdsSchema,
  { role: INSTRUCTOR, name: "classes.thresholds" },
  async ({ classId, ...input }, viewer) => {
    const info = await updateThresholds(viewer, classId, thresholdsFromInput(input));
    return { thresholds: info.thresholds };
  },
);

export const rotateCodeAction = action(classIdSchema, { role: INSTRUCTOR, name: "classes.rotate-code" }, async (input, viewer) =>
  rotateJoinCode(viewer, input.classId),
);

export const archiveClassAction = action(classIdSchema, { role: INSTRUCTOR, name: "classes.archive" }, async (input, viewer) => {
  await archiveClass(viewer, input.classId, new Date());
  return { archived: true };
});

export const restoreClassAction = action(classIdSchema, { role: INSTRUCTOR, name: "classes.restore" }, async (input, viewer) => {
  await restoreClass(viewer, input.classId);
  return { archived: false };
});

export const removeStudentAction = action(removeStudentSchema, { role: INSTRUCTOR, name: "classes.remove-student" }, async (input, viewer) => {
  await removeStudent(viewer, input.classId, input.studentId);
  return { removed: true };
});
