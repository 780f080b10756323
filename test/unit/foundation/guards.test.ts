import { describe, expect, test } from "vitest";

import { assertAccess } from "@/lib/auth/guards";
import type { Viewer } from "@/lib/db/users";
import { ForbiddenError, UnauthorizedError } from "@/lib/errors";
import { safeReturnPath } from "@/lib/safe-redirect";

const student: Viewer = { id: "s1", email: "s@example.edu", name: "S", role: "STUDENT" };
const instructor: Viewer = { id: "i1", email: "i@example.edu", name: "I", role: "INSTRUCTOR" };

describe("role guards", () => {
  test("anonymous visitors are unauthorized (401)", () => {
    expect(() => assertAccess(null)).toThrow(UnauthorizedError);
    expect(() => assertAccess(null, "INSTRUCTOR")).toThrow(UnauthorizedError);
  });

  test("a student is forbidden (403) from instructor-only things, allowed elsewhere", () => {
    expect(() => assertAccess(student, "INSTRUCTOR")).toThrow(ForbiddenError);
    expect(() => assertAccess(student, "INSTRUCTOR")).toThrow("Only instructors can do this.");
    expect(assertAccess(student)).toBe(student);
    expect(assertAccess(student, "STUDENT")).toBe(student);
  });

  test("an instructor passes instructor guards and fails student-only ones", () => {
    expect(assertAccess(instructor, "INSTRUCTOR")).toBe(instructor);
    expect(() => assertAccess(instructor, "STUDENT")).toThrow(ForbiddenError);
  });
});

describe("return paths after sign-in", () => {
  test("stay on this site", () => {
    expect(safeReturnPath("/today?x=1")).toBe("/today?x=1");
    expect(safeReturnPath("//evil.example/")).toBe("/");
    expect(safeReturnPath("https://evil.example/")).toBe("/");
    expect(safeReturnPath("/\\evil.example")).toBe("/");
    expect(safeReturnPath(undefined, "/today")).toBe("/today");
  });
});
