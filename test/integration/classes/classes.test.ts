import { afterAll, beforeAll, describe, expect, test } from "vitest";

import {
  archiveClass,
  createClass,
  joinClass,
  leaveClass,
  listClasses,
  myClasses,
  previewJoin,
  removeStudent,
  renameClass,
  restoreClass,
  rotateJoinCode,
  updateThresholds,
} from "@/lib/db/classes";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { JOIN_CODE_ALPHABET } from "@/lib/progress/class-schemas";

import { dbKind, migratedDatabase, tableCounts } from "../../helpers/db";
import { NOW, seedWorld, type World } from "./fixture";

let t: Awaited<ReturnType<typeof migratedDatabase>>;
let w: World;
beforeAll(async () => {
  t = await migratedDatabase();
  w = await seedWorld(t.db);
});
afterAll(async () => {
  await t.drop();
});

/** Asserts that `promise` fails with `type` and `message`, and that no table changed. */
async function refused(promise: () => Promise<unknown>, type: new (...args: never[]) => Error, message?: string | RegExp) {
  const before = await tableCounts(t);
  const classesBefore = await t.db.class.findMany({ orderBy: { id: "asc" } });
  const result = promise();
  await expect(result).rejects.toBeInstanceOf(type);
  if (message) await expect(result).rejects.toThrow(message);
  expect(await tableCounts(t)).toEqual(before);
  expect(await t.db.class.findMany({ orderBy: { id: "asc" } })).toEqual(classesBefore);
}

/** A generator replaying `indexes`, then 0s. */
const replay = (indexes: number[]) => {
  let i = 0;
  return () => indexes[i++] ?? 0;
};

describe(`classes on ${dbKind}`, () => {
  test("an instructor creates a class with a fresh 8-character code and sees only their own classes", async () => {
    const created = await createClass(w.owner, { name: "  Spring cohort  " });
    expect(created.name).toBe("Spring cohort");
    expect(created.joinCode).toMatch(new RegExp(`^[${JOIN_CODE_ALPHABET}]{8}$`));
    const mine = await listClasses(w.owner);
    expect(mine.active.map((c) => c.name).sort()).toEqual(["Owned", "Spring cohort"]);
    expect(mine.active.find((c) => c.name === "Owned")?.studentCount).toBe(3);
    const theirs = await listClasses(w.other);
    expect(theirs.active.map((c) => c.name)).toEqual(["Other"]);
    await refused(() => createClass(w.ada, { name: "Mine now" }), ForbiddenError, "Only instructors can manage classes.");
  });

  test("a code that is already taken is replaced by another", async () => {
    const first = await createClass(w.owner, { name: "Twins A" }, () => 0);
    expect(first.joinCode).toBe("22222222");
    const second = await createClass(w.owner, { name: "Twins B" }, replay([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]));
    expect(second.joinCode).toBe("33333333");
  });

  test("rename, thresholds and a new code: the owner only", async () => {
    await refused(() => renameClass(w.other, w.ownedClassId, "Taken over"), NotFoundError, /could not find that class/);
    await refused(() => renameClass(w.grace, w.ownedClassId, "Taken over"), ForbiddenError);
    await refused(() => rotateJoinCode(w.other, w.ownedClassId), NotFoundError);
    await refused(() => updateThresholds(w.other, w.ownedClassId, { overdueCards: 1, retention: 0.9, inactiveDays: 1 }), NotFoundError);
    await refused(() => renameClass(w.owner, "no-such-class", "X"), NotFoundError);

    expect((await renameClass(w.owner, w.ownedClassId, "Owned, renamed")).name).toBe("Owned, renamed");
    const info = await updateThresholds(w.owner, w.ownedClassId, { overdueCards: 30, retention: 0.85, inactiveDays: 5 });
    expect(info.thresholds).toEqual({ overdueCards: 30, retention: 0.85, inactiveDays: 5 });
    const { joinCode } = await rotateJoinCode(w.owner, w.ownedClassId, () => 7);
    expect(joinCode).toBe("99999999");
    // The old code no longer works; the new one does.
    await refused(() => joinClass(w.olga, w.ownedCode, NOW), NotFoundError, `No class has the join code ${w.ownedCode}.`);
    await expect(previewJoin(w.olga, "9999-9999")).resolves.toMatchObject({ name: "Owned, renamed", status: "open", instructorName: "Dr. Owner" });
  });

  test("joining: a clear message and nothing written for a wrong, malformed or repeated code, or an instructor", async () => {
    await refused(() => joinClass(w.olga, "ZZZZZZZZ", NOW), NotFoundError, "No class has the join code ZZZZZZZZ.");
    await refused(() => previewJoin(w.olga, "no!"), ValidationError, "A join code is 8 letters and digits, like 7KQ4MZ2P.");
    await refused(() => joinClass(w.other, "99999999", NOW), ForbiddenError, "Only student accounts can join classes.");
    await refused(() => joinClass(w.ada, "99999999", NOW), ConflictError, "You are already in Owned, renamed.");
    await expect(previewJoin(w.ada, "99999999")).resolves.toMatchObject({ status: "member" });

    await expect(joinClass(w.olga, " 9999 9999 ", NOW)).resolves.toEqual({ classId: w.ownedClassId, name: "Owned, renamed" });
    expect((await myClasses(w.olga)).map((c) => c.name).sort()).toEqual(["Other", "Owned, renamed"]);
    // Each student sees only their own classes.
    expect((await myClasses(w.alan)).map((c) => c.name)).toEqual(["Owned, renamed"]);
  });

  test("a student leaves a class; leaving again is a clear message", async () => {
    await leaveClass(w.olga, w.ownedClassId);
    expect((await myClasses(w.olga)).map((c) => c.name)).toEqual(["Other"]);
    await refused(() => leaveClass(w.olga, w.ownedClassId), NotFoundError, "You are not in this class.");
  });

  test("removing a student: owner only, and only students in the class", async () => {
    await refused(() => removeStudent(w.other, w.ownedClassId, w.alan.id), NotFoundError);
    await refused(() => removeStudent(w.owner, w.ownedClassId, w.olga.id), NotFoundError, "That student is not in this class.");
    await removeStudent(w.owner, w.ownedClassId, w.alan.id);
    expect(await myClasses(w.alan)).toEqual([]);
    // Their own study data stays theirs.
    expect(await t.db.user.count({ where: { id: w.alan.id } })).toBe(1);
  });

  test("an archived class is read-only and its code has expired, until it is restored", async () => {
    await refused(() => archiveClass(w.other, w.ownedClassId, NOW), NotFoundError);
    await archiveClass(w.owner, w.ownedClassId, NOW);
    const listed = await listClasses(w.owner);
    expect(listed.archived.map((c) => c.name)).toEqual(["Owned, renamed"]);
    expect(listed.active.map((c) => c.name)).not.toContain("Owned, renamed");
    await refused(() => archiveClass(w.owner, w.ownedClassId, NOW), ConflictError, "This class is already archived.");
    await refused(() => renameClass(w.owner, w.ownedClassId, "X"), ConflictError, /archived, so it is read-only/);
    await refused(() => rotateJoinCode(w.owner, w.ownedClassId), ConflictError);
    await refused(() => removeStudent(w.owner, w.ownedClassId, w.ada.id), ConflictError);
    await refused(() => joinClass(w.olga, "99999999", NOW), ValidationError, /join code has expired/);
    await expect(previewJoin(w.olga, "99999999")).resolves.toMatchObject({ status: "expired" });

    await refused(() => restoreClass(w.other, w.ownedClassId), NotFoundError);
    await restoreClass(w.owner, w.ownedClassId);
    await refused(() => restoreClass(w.owner, w.ownedClassId), ConflictError, "This class is not archived.");
    await expect(joinClass(w.olga, "99999999", NOW)).resolves.toMatchObject({ classId: w.ownedClassId });
  });
});
