import { encode } from "next-auth/jwt";

import type { Viewer } from "@/lib/db/users";

/**
 * The session cookie a signed-in browser sends for `viewer`, as next-auth writes it at sign-in: a JWE sealed with
 * `secret`, named with the `__Secure-` prefix when `secure` (production). Pass `sessionCookieOptions()`'s values
 * to be read by this process.
 */
export async function sessionCookie(viewer: Viewer, secret: string, secure: boolean): Promise<string> {
  const token = await encode({
    token: { sub: viewer.id, uid: viewer.id, role: viewer.role, email: viewer.email, name: viewer.name },
    secret,
  });
  return `${secure ? "__Secure-" : ""}next-auth.session-token=${token}`;
}
