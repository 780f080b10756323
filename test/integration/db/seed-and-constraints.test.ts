import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { hashPassword } from "@/lib/auth/password";
import { createUser } from "@/lib/db/users";
import { DEMO_CLASS_CODE, DEMO_STUDENTS, seedDemoAccounts } from "@/lib/db/seed";
import { ConflictError } from "@/lib/errors";

import { dbKind, migratedDatabase, tableCounts } from "../../helpers/db";

let t: Awaited<ReturnType<typeof migratedDatabase>>;
beforeAll(async () => {
  t = await migratedDatabase();
});
afterAll(async () => {
  await t.drop();
});

describe(`seed and constraints on ${dbKind}`, () => {
  test("the demo seed creates an instructor, a class and three enrolled students, and a second run changes nothing", async () => {
    const first = await seedDemoAccounts();
    expect(first).toEqual({ createdUsers: 4, createdClass: true });
    const counts = await tableCounts(t);
    expect(counts.User).toBe(4);
    expect(counts.Enrollment).toBe(DEMO_STUDENTS.length);

    const second = await seedDemoAccounts();
    expect(second).toEqual({ createdUsers: 0, createdClass: false });
    expect(await tableCounts(t)).toEqual(counts);

    const klass = await t.db.class.findUnique({
      where: { joinCode: DEMO_CLASS_CODE },
      select: { instructor: { select: { role: true } }, enrollments: { select: { user: { select: { role: true } } } } },
    });
    expect(klass?.instructor.role).toBe("INSTRUCTOR");
    expect(klass?.enrollments.every((e) => e.user.role === "STUDENT")).toBe(true);
  });

  test("password hashes are omitted from queries unless asked for", async () => {
    const user = await t.db.user.findFirst({ where: { email: DEMO_STUDENTS[0].email } });
    expect(user).not.toBeNull();
    expect(user && "passwordHash" in user).toBe(false);
  });

  test("a duplicate email (any case) is a conflict on the email field and writes nothing", async () => {
    const before = await tableCounts(t);
    const attempt = createUser({
      email: DEMO_STUDENTS[0].email.toUpperCase(),
      name: "Someone Else",
      passwordHash: await hashPassword("another password"),
      role: "STUDENT",
    });
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toMatchObject({ fieldErrors: { email: [expect.stringContaining("already exists")] } });
    expect(await tableCounts(t)).toEqual(before);
  });

  test("the database enforces unique join codes, card states and client event ids", async () => {
    const instructor = await t.db.user.findFirstOrThrow({ where: { role: "INSTRUCTOR" }, select: { id: true } });
    await expect(
      t.db.class.create({ data: { name: "Copy", joinCode: DEMO_CLASS_CODE, instructorId: instructor.id } }),
    ).rejects.toMatchObject({ code: "P2002" });

    const concept = await t.db.concept.create({
      data: { key: "c", title: "C", group: "g", order: 1, summary: "s", sourceFile: "f", contentHash: "h" },
    });
    const card = await t.db.card.create({
      data: { key: "k", conceptId: concept.id, kind: "BASIC", front: "f", back: "b", position: 0, contentHash: "h" },
    });
    const student = await t.db.user.findFirstOrThrow({ where: { role: "STUDENT" }, select: { id: true } });
    const due = new Date("2026-03-01T08:00:00Z");
    await t.db.cardState.create({ data: { userId: student.id, cardId: card.id, due } });
    await expect(t.db.cardState.create({ data: { userId: student.id, cardId: card.id, due } })).rejects.toMatchObject({
      code: "P2002",
    });

    const log = {
      clientEventId: "6f1c2b1e-2f7c-4a55-9a59-1d2b7c3e9f00",
      userId: student.id,
      cardId: card.id,
      rating: 3,
      source: "REVIEW" as const,
      reviewedAt: due,
      stateBefore: "NEW" as const,
      dueBefore: due,
      stabilityBefore: 0,
      difficultyBefore: 0,
      elapsedDays: 0,
      lastElapsedDays: 0,
      scheduledDays: 0,
      learningSteps: 0,
      dueAfter: due,
      stabilityAfter: 1,
      difficultyAfter: 5,
    };
    await t.db.reviewLog.create({ data: log });
    await expect(t.db.reviewLog.create({ data: log })).rejects.toMatchObject({ code: "P2002" });
  });
});
