import { describe, expect, test } from "vitest";

import { DUMMY_HASH, hashPassword, verifyPassword } from "@/lib/auth/password";
import { isInstructorInvite } from "@/lib/db/users";

describe("password hashing", () => {
  test("argon2id hashes verify the right password only, with a fresh salt each time", async () => {
    const a = await hashPassword("correct horse battery staple");
    const b = await hashPassword("correct horse battery staple");
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    await expect(verifyPassword(a, "correct horse battery staple")).resolves.toBe(true);
    await expect(verifyPassword(a, "correct horse battery stapler")).resolves.toBe(false);
  });

  test("a malformed stored hash is a mismatch, not a crash", async () => {
    await expect(verifyPassword("not-a-hash", "anything")).resolves.toBe(false);
    await expect(verifyPassword(DUMMY_HASH, "anything")).resolves.toBe(false);
  });
});

describe("instructor invite codes", () => {
  test("match exactly, and never when none is configured", () => {
    expect(isInstructorInvite("teach-2026", "teach-2026")).toBe(true);
    expect(isInstructorInvite(" teach-2026 ", "teach-2026")).toBe(true);
    expect(isInstructorInvite("teach-2027", "teach-2026")).toBe(false);
    expect(isInstructorInvite("teach", "teach-2026")).toBe(false);
    expect(isInstructorInvite("teach-2026", undefined)).toBe(false);
    expect(isInstructorInvite(undefined, "teach-2026")).toBe(false);
  });
});
