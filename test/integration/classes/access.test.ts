import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";

import type { Role, Viewer } from "@/lib/db/users";

import { dbKind, migratedDatabase, tableCounts } from "../../helpers/db";
import { seedWorld, type World } from "./fixture";

// Who is asking is the one thing faked here: the viewer module answers with `session.viewer`. The action
// wrapper, the route handlers and lib/db run as they do in the app.
const session = vi.hoisted(() => ({ viewer: null as Viewer | null }));
vi.mock("@/lib/auth/viewer", async () => {
  const { assertAccess } = await import("@/lib/auth/guards");
  return {
    currentViewer: async () => session.viewer,
    viewerOrThrow: async (role?: Role) => assertAccess(session.viewer, role),
  };
});

const instructorActions = await import("@/app/(instructor)/classes/actions");
const studentActions = await import("@/app/join/actions");
const rosterRoute = await import("@/app/api/classes/[classId]/export/roster.csv/route");
const masteryRoute = await import("@/app/api/classes/[classId]/export/mastery.csv/route");

let t: Awaited<ReturnType<typeof migratedDatabase>>;
let w: World;
beforeAll(async () => {
  t = await migratedDatabase();
  w = await seedWorld(t.db);
});
afterAll(async () => {
  await t.drop();
});

type Who = "anonymous" | "student" | "another student" | "the class's instructor" | "another instructor";
const WHO: Who[] = ["anonymous", "student", "another student", "the class's instructor", "another instructor"];
function viewerOf(who: Who): Viewer | null {
  return { anonymous: null, student: w.ada, "another student": w.olga, "the class's instructor": w.owner, "another instructor": w.other }[who];
}

// Learners of the class, and of the other class: neither may leak where the viewer has no business.
const OWNED_LEARNERS = /Ada Okafor|ada@example|Grace Lin|grace@example|Alan Novak|alan@example/;
const OTHER_LEARNERS = /Olga|olga@example|Secretname/;

async function exportAs(who: Who, route: typeof rosterRoute, classId: string, query = "") {
  session.viewer = viewerOf(who);
  const response = await route.GET(new NextRequest(`http://localhost/api/classes/${classId}/export/x.csv${query}`), {
    params: Promise.resolve({ classId }),
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    disposition: response.headers.get("content-disposition"),
    bom: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf,
    body: new TextDecoder().decode(bytes),
  };
}

describe(`access to instructor exports on ${dbKind}`, () => {
  const expected: Record<Who, number> = {
    anonymous: 401,
    student: 403,
    "another student": 403,
    "the class's instructor": 200,
    "another instructor": 404,
  };

  for (const [name, route] of [
    ["roster.csv", () => rosterRoute],
    ["mastery.csv", () => masteryRoute],
  ] as const) {
    for (const who of WHO) {
      test(`${name} as ${who}: ${expected[who]}`, async () => {
        const res = await exportAs(who, route(), w.ownedClassId, "?forecast=2099-01-01");
        // A forecast beyond two years is refused (422) once the caller is known to be an instructor; whose class
        // it is is checked after the input, as the app's route wrapper does.
        const status = viewerOf(who)?.role === "INSTRUCTOR" ? 422 : expected[who];
        expect(res.status).toBe(status);
        const ok = await exportAs(who, route(), w.ownedClassId);
        expect(ok.status).toBe(expected[who]);
        expect(ok.body).not.toMatch(OTHER_LEARNERS);
        if (expected[who] === 200) {
          expect(ok.type).toBe("text/csv; charset=utf-8");
          expect(ok.bom).toBe(true);
          expect(ok.body).toMatch(/^Student,Email,/);
          expect(ok.disposition).toMatch(/^attachment; filename="owned-(roster|mastery)-\d{4}-\d{2}-\d{2}\.csv"$/);
          expect(ok.body).toContain("Ada Okafor");
        } else {
          expect(ok.body).not.toMatch(OWNED_LEARNERS);
          expect(JSON.parse(ok.body)).toMatchObject({ ok: false });
        }
      });
    }
  }

  test("bad input: an unknown class is 404, a forecast that is not a date is 422 with a message", async () => {
    expect((await exportAs("the class's instructor", rosterRoute, "no-such-class")).status).toBe(404);
    expect((await exportAs("the class's instructor", rosterRoute, "x".repeat(200))).status).toBe(422);
    const res = await exportAs("the class's instructor", masteryRoute, w.ownedClassId, "?forecast=next-friday");
    expect(res.status).toBe(422);
    expect(JSON.parse(res.body).error).toMatch(/"next-friday" is not a date/);
  });
});

describe(`access to class actions on ${dbKind}`, () => {
  const refusals: Record<Exclude<Who, "the class's instructor">, string> = {
    anonymous: "Please sign in.",
    student: "Only instructors can do this.",
    "another student": "Only instructors can do this.",
    "another instructor": "We could not find that class. It may have been deleted, or it belongs to another instructor.",
  };

  const cases = [
    ["rename", () => instructorActions.renameClassAction, () => ({ classId: w.ownedClassId, name: "Renamed" })],
    ["thresholds", () => instructorActions.updateThresholdsAction, () => ({ classId: w.ownedClassId, overdueCards: "5", retentionPercent: "90", inactiveDays: "3" })],
    ["rotate code", () => instructorActions.rotateCodeAction, () => ({ classId: w.ownedClassId })],
    ["remove student", () => instructorActions.removeStudentAction, () => ({ classId: w.ownedClassId, studentId: w.alan.id })],
    ["archive", () => instructorActions.archiveClassAction, () => ({ classId: w.ownedClassId })],
    ["restore", () => instructorActions.restoreClassAction, () => ({ classId: w.ownedClassId })],
  ] as const;

  for (const [name, act, input] of cases) {
    test(`${name}: refused with a clear message and nothing changed for everyone but the owner`, async () => {
      for (const who of ["anonymous", "student", "another student", "another instructor"] as const) {
        session.viewer = viewerOf(who);
        const before = await tableCounts(t);
        const klass = await t.db.class.findUnique({ where: { id: w.ownedClassId } });
        const result = await act()(input());
        expect(result).toEqual({ ok: false, error: refusals[who] });
        expect(await tableCounts(t)).toEqual(before);
        expect(await t.db.class.findUnique({ where: { id: w.ownedClassId } })).toEqual(klass);
        expect(JSON.stringify(result)).not.toMatch(OWNED_LEARNERS);
      }
      session.viewer = w.owner;
      expect(await act()(input())).toMatchObject({ ok: true });
    });
  }

  test("create: instructors only", async () => {
    for (const who of ["anonymous", "student"] as const) {
      session.viewer = viewerOf(who);
      expect(await instructorActions.createClassAction({ name: "New" })).toMatchObject({ ok: false });
    }
    session.viewer = w.other;
    expect(await instructorActions.createClassAction({ name: "" })).toEqual({
      ok: false,
      error: "Some fields need fixing.",
      fieldErrors: { name: ["Give the class a name."] },
    });
    expect(await instructorActions.createClassAction({ name: "New" })).toMatchObject({ ok: true });
  });

  test("join and leave: students only, each for themselves", async () => {
    const code = (await t.db.class.findUniqueOrThrow({ where: { id: w.otherClassId } })).joinCode;
    session.viewer = null;
    expect(await studentActions.joinClassAction({ code })).toEqual({ ok: false, error: "Please sign in." });
    session.viewer = w.owner;
    expect(await studentActions.joinClassAction({ code })).toEqual({ ok: false, error: "Only students can do this." });
    session.viewer = w.ada;
    expect(await studentActions.joinClassAction({ code: "???" })).toMatchObject({ ok: false, fieldErrors: { code: [expect.any(String)] } });
    expect(await studentActions.joinClassAction({ code: code.toLowerCase() })).toEqual({ ok: true, data: { classId: w.otherClassId, name: "Other" } });
    expect(await studentActions.joinClassAction({ code })).toEqual({ ok: false, error: "You are already in Other." });
    // Grace cannot take Ada out of a class: leaving acts on the caller's own enrollment only.
    session.viewer = w.grace;
    expect(await studentActions.leaveClassAction({ classId: w.otherClassId })).toEqual({ ok: false, error: "You are not in this class." });
    session.viewer = w.ada;
    expect(await studentActions.leaveClassAction({ classId: w.otherClassId })).toEqual({ ok: true, data: { left: true } });
  });
});
