import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { authenticate } from "@/lib/auth/sign-in";
import { DEMO_PASSWORD, DEMO_STUDENTS, seedDemoAccounts } from "@/lib/db/seed";
import { RateLimitError } from "@/lib/errors";

import { dbKind, migratedDatabase } from "../../helpers/db";

let t: Awaited<ReturnType<typeof migratedDatabase>>;
beforeAll(async () => {
  t = await migratedDatabase();
  await seedDemoAccounts();
});
afterAll(async () => {
  await t.drop();
});

const email = DEMO_STUDENTS[1].email;
const at = (seconds: number) => new Date(Date.UTC(2026, 2, 1, 8, 0, seconds));

describe(`sign-in on ${dbKind}`, () => {
  test("the right password signs in; the viewer carries the role and no hash", async () => {
    const viewer = await authenticate({ email: email.toUpperCase(), password: DEMO_PASSWORD }, at(0));
    expect(viewer).toMatchObject({ email, role: "STUDENT" });
    expect(viewer && "passwordHash" in viewer).toBe(false);
  });

  test("unknown emails and wrong passwords fail the same way", async () => {
    await expect(authenticate({ email: "nobody@example.edu", password: "whatever-123" }, at(0))).resolves.toBeNull();
    await expect(authenticate({ email, password: "wrong-password" }, at(0))).resolves.toBeNull();
    await expect(authenticate({ email: "not an email", password: "x" }, at(0))).resolves.toBeNull();
  });

  test("after 5 failures in a minute even the right password is refused with a wait time, then allowed again", async () => {
    const victim = DEMO_STUDENTS[2].email;
    for (let i = 0; i < 5; i++) {
      await expect(authenticate({ email: victim, password: `wrong-${i}` }, at(i))).resolves.toBeNull();
    }
    const refused = authenticate({ email: victim, password: DEMO_PASSWORD }, at(10));
    await expect(refused).rejects.toBeInstanceOf(RateLimitError);
    await expect(refused).rejects.toThrow("Too many failed sign-ins for this email. Wait 50 seconds and try again.");
    // Another email is not affected.
    await expect(authenticate({ email, password: DEMO_PASSWORD }, at(10))).resolves.not.toBeNull();
    // Once the oldest failure leaves the window, the right password works and the count resets.
    await expect(authenticate({ email: victim, password: DEMO_PASSWORD }, at(61))).resolves.toMatchObject({ email: victim });
    const left = await t.db.signInFailure.count({ where: { email: victim } });
    expect(left).toBe(0);
  });
});
