import "server-only";

import { hashPassword } from "@/lib/auth/password";

import { db } from "./client";

export const DEMO_PASSWORD = "deepcards-demo";
export const DEMO_CLASS_CODE = "DLBASICS";
export const DEMO_INSTRUCTOR = { email: "instructor@example.edu", name: "Dr. Maria Rossi" };
export const DEMO_STUDENTS = [
  { email: "ada@example.edu", name: "Ada Okafor" },
  { email: "grace@example.edu", name: "Grace Lin" },
  { email: "alan@example.edu", name: "Alan Novak" },
] as const;

export interface SeedSummary {
  createdUsers: number;
  createdClass: boolean;
}

/**
 * Demo accounts: an instructor, a class with a fixed join code, and three enrolled students. Running it again
 * changes nothing (existing accounts and enrollments are left as they are).
 */
export async function seedDemoAccounts(): Promise<SeedSummary> {
  const client = db();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let createdUsers = 0;

  async function ensureUser(email: string, name: string, role: "STUDENT" | "INSTRUCTOR") {
    const existing = await client.user.findUnique({ where: { email }, select: { id: true } });
    if (existing) return existing.id;
    createdUsers++;
    const user = await client.user.create({
      data: { email, name, role, passwordHash, settings: { create: { timezone: "UTC" } } },
      select: { id: true },
    });
    return user.id;
  }

  const instructorId = await ensureUser(DEMO_INSTRUCTOR.email, DEMO_INSTRUCTOR.name, "INSTRUCTOR");
  let klass = await client.class.findUnique({ where: { joinCode: DEMO_CLASS_CODE }, select: { id: true } });
  const createdClass = !klass;
  klass ??= await client.class.create({
    data: { name: "Deep Learning Basics", joinCode: DEMO_CLASS_CODE, instructorId },
    select: { id: true },
  });
  for (const s of DEMO_STUDENTS) {
    const userId = await ensureUser(s.email, s.name, "STUDENT");
    await client.enrollment.upsert({
      where: { classId_userId: { classId: klass.id, userId } },
      create: { classId: klass.id, userId },
      update: {},
    });
  }
  return { createdUsers, createdClass };
}
