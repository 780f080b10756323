import "server-only";

import { timingSafeEqual } from "node:crypto";

import { ConflictError } from "@/lib/errors";

import { db } from "./client";
import { Prisma } from "./generated/client";

export type Role = "STUDENT" | "INSTRUCTOR";

/** What the rest of the app knows about a signed-in person. */
export interface Viewer {
  id: string;
  email: string;
  name: string;
  role: Role;
}

const viewerSelect = { id: true, email: true, name: true, role: true } as const;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** True when `code` matches the configured instructor invite code (compared in constant time). */
export function isInstructorInvite(code: string | undefined, configured: string | undefined): boolean {
  if (!code || !configured) return false;
  const a = Buffer.from(code.trim());
  const b = Buffer.from(configured);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Creates an account. A duplicate email is a ConflictError on the email field; nothing is written. */
export async function createUser(input: {
  email: string;
  name: string;
  passwordHash: string;
  role: Role;
}): Promise<Viewer> {
  try {
    return await db().user.create({
      data: {
        email: normalizeEmail(input.email),
        name: input.name.trim(),
        passwordHash: input.passwordHash,
        role: input.role,
        settings: { create: {} },
      },
      select: viewerSelect,
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ConflictError("An account with this email already exists.", {
        email: ["An account with this email already exists. Sign in instead?"],
      });
    }
    throw error;
  }
}

/** The one query that reads a password hash, for sign-in only. */
export async function findCredentials(email: string): Promise<(Viewer & { passwordHash: string }) | null> {
  return db().user.findUnique({
    where: { email: normalizeEmail(email) },
    select: { ...viewerSelect, passwordHash: true },
  });
}

/**
 * The account behind a session, read on every request that checks one. A plain statement: it is the one read
 * every page, action and route handler pays for, and skipping the query builder halves its time.
 */
export async function findViewer(id: string): Promise<Viewer | null> {
  const rows = await db().$queryRaw<Viewer[]>`
    SELECT "id", "email", "name", "role"::text AS "role" FROM "User" WHERE "id" = ${id}`;
  return rows[0] ?? null;
}

/** Failed sign-ins for an email within the window ending at `now`. */
export async function recentSignInFailures(email: string, now: Date, windowSeconds: number) {
  const since = new Date(now.getTime() - windowSeconds * 1000);
  const rows = await db().signInFailure.findMany({
    where: { email: normalizeEmail(email), at: { gt: since } },
    select: { at: true },
    orderBy: { at: "asc" },
  });
  return rows.map((r) => r.at);
}

export async function recordSignInFailure(email: string, now: Date): Promise<void> {
  await db().signInFailure.create({ data: { email: normalizeEmail(email), at: now } });
}

/** After a successful sign-in, and to keep the table small: forget failures older than the window. */
export async function clearSignInFailures(email: string, olderThan?: Date): Promise<void> {
  await db().signInFailure.deleteMany({
    where: olderThan ? { at: { lt: olderThan } } : { email: normalizeEmail(email) },
  });
}
