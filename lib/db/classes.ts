import "server-only";

import { randomInt } from "node:crypto";

import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import type { RiskThresholds } from "@/lib/progress/at-risk";
import { joinCodeSchema, makeJoinCode, normalizeJoinCode } from "@/lib/progress/class-schemas";
import type { ClassInfo } from "@/lib/progress/types";

import { db } from "./client";
import { Prisma } from "./generated/client";
import { isUniqueViolation } from "./prisma-errors";
import type { Viewer } from "./users";

// Classes and enrollments. Every function takes the viewer and checks, here, that they may do it: an
// instructor acts only on classes they own (another's class reads as "not found", so ids reveal nothing), a
// student only on their own enrollments.

const NOT_FOUND = "We could not find that class. It may have been deleted, or it belongs to another instructor.";
const ARCHIVED = "This class is archived, so it is read-only. Restore it to make changes.";
const MAX_CODE_ATTEMPTS = 5;

const classInfoSelect = {
  id: true,
  name: true,
  joinCode: true,
  archivedAt: true,
  createdAt: true,
  atRiskOverdue: true,
  atRiskRetention: true,
  atRiskInactiveDays: true,
} as const;

type ClassRow = Prisma.ClassGetPayload<{ select: typeof classInfoSelect }>;

function toClassInfo(row: ClassRow): ClassInfo {
  return {
    id: row.id,
    name: row.name,
    joinCode: row.joinCode,
    archivedAt: row.archivedAt,
    createdAt: row.createdAt,
    thresholds: {
      overdueCards: row.atRiskOverdue,
      retention: row.atRiskRetention,
      inactiveDays: row.atRiskInactiveDays,
    },
  };
}

function assertInstructor(viewer: Viewer): void {
  if (viewer.role !== "INSTRUCTOR") throw new ForbiddenError("Only instructors can manage classes.");
}

/**
 * The class `classId` if `viewer` is the instructor who owns it.
 * @throws ForbiddenError for a student; NotFoundError for an unknown class or another instructor's
 */
export async function ownedClass(viewer: Viewer, classId: string): Promise<ClassInfo> {
  assertInstructor(viewer);
  const row = await db().class.findFirst({ where: { id: classId, instructorId: viewer.id }, select: classInfoSelect });
  if (!row) throw new NotFoundError(NOT_FOUND);
  return toClassInfo(row);
}

async function ownedWritableClass(viewer: Viewer, classId: string): Promise<ClassInfo> {
  const info = await ownedClass(viewer, classId);
  if (info.archivedAt) throw new ConflictError(ARCHIVED);
  return info;
}

export interface ClassListItem {
  id: string;
  name: string;
  joinCode: string;
  archivedAt: Date | null;
  createdAt: Date;
  studentCount: number;
}

/** The viewer's classes, newest first: active ones and archived ones apart. */
export async function listClasses(viewer: Viewer): Promise<{ active: ClassListItem[]; archived: ClassListItem[] }> {
  assertInstructor(viewer);
  const rows = await db().class.findMany({
    where: { instructorId: viewer.id },
    select: { id: true, name: true, joinCode: true, archivedAt: true, createdAt: true, _count: { select: { enrollments: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
  const items = rows.map(({ _count, ...row }) => ({ ...row, studentCount: _count.enrollments }));
  return { active: items.filter((c) => !c.archivedAt), archived: items.filter((c) => c.archivedAt) };
}

/** Runs `write` with fresh join codes until one is unique (a clash is rare: 31^8 codes). */
async function withFreshCode<T>(write: (code: string) => Promise<T>, random: (max: number) => number): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write(makeJoinCode(random));
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= MAX_CODE_ATTEMPTS) throw error;
    }
  }
}

/**
 * Creates a class owned by the viewer, with a new join code.
 * @param random uniform integers in [0, max) for the code; crypto.randomInt unless a test passes its own
 */
export async function createClass(
  viewer: Viewer,
  input: { name: string },
  random: (max: number) => number = randomInt,
): Promise<ClassListItem> {
  assertInstructor(viewer);
  const row = await withFreshCode(
    (joinCode) =>
      db().class.create({
        data: { name: input.name.trim(), joinCode, instructorId: viewer.id },
        select: { id: true, name: true, joinCode: true, archivedAt: true, createdAt: true },
      }),
    random,
  );
  return { ...row, studentCount: 0 };
}

export async function renameClass(viewer: Viewer, classId: string, name: string): Promise<ClassInfo> {
  await ownedWritableClass(viewer, classId);
  const row = await db().class.update({ where: { id: classId }, data: { name: name.trim() }, select: classInfoSelect });
  return toClassInfo(row);
}

/** Sets the class's at-risk thresholds. */
export async function updateThresholds(viewer: Viewer, classId: string, thresholds: RiskThresholds): Promise<ClassInfo> {
  await ownedWritableClass(viewer, classId);
  const row = await db().class.update({
    where: { id: classId },
    data: {
      atRiskOverdue: thresholds.overdueCards,
      atRiskRetention: thresholds.retention,
      atRiskInactiveDays: thresholds.inactiveDays,
    },
    select: classInfoSelect,
  });
  return toClassInfo(row);
}

/** Replaces the join code; the old one stops working at once. */
export async function rotateJoinCode(
  viewer: Viewer,
  classId: string,
  random: (max: number) => number = randomInt,
): Promise<{ joinCode: string }> {
  await ownedWritableClass(viewer, classId);
  return withFreshCode(
    (joinCode) => db().class.update({ where: { id: classId }, data: { joinCode }, select: { joinCode: true } }),
    random,
  );
}

/** Archives the class: it becomes read-only and its join code expires. */
export async function archiveClass(viewer: Viewer, classId: string, now: Date): Promise<void> {
  const info = await ownedClass(viewer, classId);
  if (info.archivedAt) throw new ConflictError("This class is already archived.");
  await db().class.update({ where: { id: classId }, data: { archivedAt: now } });
}

/** Brings an archived class back: editable again, and its join code works again. */
export async function restoreClass(viewer: Viewer, classId: string): Promise<void> {
  const info = await ownedClass(viewer, classId);
  if (!info.archivedAt) throw new ConflictError("This class is not archived.");
  await db().class.update({ where: { id: classId }, data: { archivedAt: null } });
}

/** Removes a student from the class. Their own study data stays theirs; it leaves this class's views. */
export async function removeStudent(viewer: Viewer, classId: string, studentId: string): Promise<void> {
  await ownedWritableClass(viewer, classId);
  const { count } = await db().enrollment.deleteMany({ where: { classId, userId: studentId } });
  if (count === 0) throw new NotFoundError("That student is not in this class.");
}

/**
 * The enrollment of `studentId` in `classId`, for pages about one student. Call it after `ownedClass` has
 * checked the viewer: it checks membership, not ownership.
 * @throws NotFoundError when the student is not (or no longer) in the class
 */
export async function assertEnrolled(classId: string, studentId: string): Promise<{ joinedAt: Date }> {
  const row = await db().enrollment.findUnique({
    where: { classId_userId: { classId, userId: studentId } },
    select: { joinedAt: true },
  });
  if (!row) throw new NotFoundError("That student is not in this class.");
  return row;
}

// Students

function assertStudent(viewer: Viewer): void {
  if (viewer.role !== "STUDENT") throw new ForbiddenError("Only student accounts can join classes.");
}

export interface JoinPreview {
  classId: string;
  name: string;
  instructorName: string;
  /** "open": can join; "member": already in it; "expired": the class is archived. */
  status: "open" | "member" | "expired";
}

function unknownCode(code: string): NotFoundError {
  return new NotFoundError(
    `No class has the join code ${code}. Check it with your instructor: it may have been mistyped or replaced.`,
  );
}

/**
 * What joining with `rawCode` would do, for the confirmation page.
 * @throws ValidationError for a malformed code; NotFoundError when no class has it
 */
export async function previewJoin(viewer: Viewer, rawCode: string): Promise<JoinPreview> {
  assertStudent(viewer);
  const parsed = joinCodeSchema.safeParse(rawCode);
  if (!parsed.success) {
    const messages = parsed.error.issues.map((issue) => issue.message);
    throw new ValidationError(messages[0] ?? "Check the join code.", { code: messages });
  }
  const code = parsed.data;
  const row = await db().class.findUnique({
    where: { joinCode: code },
    select: {
      id: true,
      name: true,
      archivedAt: true,
      instructor: { select: { name: true } },
      enrollments: { where: { userId: viewer.id }, select: { userId: true } },
    },
  });
  if (!row) throw unknownCode(code);
  return {
    classId: row.id,
    name: row.name,
    instructorName: row.instructor.name,
    status: row.archivedAt ? "expired" : row.enrollments.length > 0 ? "member" : "open",
  };
}

/**
 * Enrolls the viewer (a student) in the class with join code `code` (already normalized by the schema).
 * @throws NotFoundError for an unknown code; ValidationError for an expired one (archived class);
 *   ConflictError when already enrolled. Nothing is written in any of those cases.
 */
export async function joinClass(viewer: Viewer, code: string, now: Date): Promise<{ classId: string; name: string }> {
  assertStudent(viewer);
  const row = await db().class.findUnique({
    where: { joinCode: normalizeJoinCode(code) },
    select: { id: true, name: true, archivedAt: true },
  });
  if (!row) throw unknownCode(normalizeJoinCode(code));
  if (row.archivedAt) {
    throw new ValidationError("This join code has expired: the class was archived. Ask your instructor for a current code.", {
      code: ["This join code has expired."],
    });
  }
  const already = new ConflictError(`You are already in ${row.name}.`);
  try {
    await db().enrollment.create({ data: { classId: row.id, userId: viewer.id, joinedAt: now } });
  } catch (error) {
    if (isUniqueViolation(error)) throw already;
    throw error;
  }
  return { classId: row.id, name: row.name };
}

/** Takes the viewer out of a class they are in. */
export async function leaveClass(viewer: Viewer, classId: string): Promise<void> {
  const { count } = await db().enrollment.deleteMany({ where: { classId, userId: viewer.id } });
  if (count === 0) throw new NotFoundError("You are not in this class.");
}

export interface MyClass {
  classId: string;
  name: string;
  instructorName: string;
  joinedAt: Date;
  archived: boolean;
}

/** The classes the viewer is enrolled in, most recently joined first. */
export async function myClasses(viewer: Viewer): Promise<MyClass[]> {
  const rows = await db().enrollment.findMany({
    where: { userId: viewer.id },
    select: {
      joinedAt: true,
      class: { select: { id: true, name: true, archivedAt: true, instructor: { select: { name: true } } } },
    },
    orderBy: [{ joinedAt: "desc" }, { classId: "asc" }],
  });
  return rows.map((r) => ({
    classId: r.class.id,
    name: r.class.name,
    instructorName: r.class.instructor.name,
    joinedAt: r.joinedAt,
    archived: r.class.archivedAt !== null,
  }));
}
