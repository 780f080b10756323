import "server-only";

import { env } from "@/lib/env";
import {
  clearSignInFailures,
  findCredentials,
  recentSignInFailures,
  recordSignInFailure,
  type Viewer,
} from "@/lib/db/users";
import { RateLimitError } from "@/lib/errors";

import { DUMMY_HASH, verifyPassword } from "./password";
import { signInSchema } from "./schemas";

export const WRONG_CREDENTIALS = "Wrong email or password.";

/**
 * Checks a sign-in. After `SIGN_IN_MAX_FAILURES` failures for one email within `SIGN_IN_WINDOW_SECONDS`, further
 * attempts are refused until the oldest failure leaves the window, whatever the password. The count lives in the
 * database, so it holds across every app server.
 */
export async function authenticate(raw: unknown, now: Date): Promise<Viewer | null> {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const { SIGN_IN_MAX_FAILURES: max, SIGN_IN_WINDOW_SECONDS: window } = env();

  const failures = await recentSignInFailures(email, now, window);
  if (failures.length >= max) {
    const oldest = failures[failures.length - max] ?? now;
    const wait = Math.max(1, Math.ceil((oldest.getTime() + window * 1000 - now.getTime()) / 1000));
    throw new RateLimitError(
      `Too many failed sign-ins for this email. Wait ${wait} second${wait === 1 ? "" : "s"} and try again.`,
      wait,
    );
  }

  const user = await findCredentials(email);
  const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
  if (!user || !ok) {
    await recordSignInFailure(email, now);
    return null;
  }
  await clearSignInFailures(email);
  const { passwordHash: _omit, ...viewer } = user;
  return viewer;
}
