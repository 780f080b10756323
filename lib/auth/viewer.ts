import "server-only";

import { hkdfSync } from "node:crypto";

import { jwtDecrypt } from "jose";
import { getToken, type JWTDecodeParams } from "next-auth/jwt";
import { cookies } from "next/headers";

import { findViewer, type Role, type Viewer } from "@/lib/db/users";

import { assertAccess } from "./guards";
import { sessionCookieOptions } from "./options";

/** Cookies to read the session from: a route handler's request's (`req.cookies`), or `cookies()`. */
export interface CookieJar {
  getAll(): { name: string; value: string }[];
}

/**
 * The signed-in person, read fresh from the database (so a deleted account or a changed role takes effect at
 * once), or null. Pages and actions read the current request's cookies; route handlers pass their request's.
 */
export async function currentViewer(jar?: CookieJar): Promise<Viewer | null> {
  const userId = await sessionUserId(jar ?? (await cookies()));
  return userId ? findViewer(userId) : null;
}

/** next-auth's token key for a secret (HKDF-SHA256, as next-auth derives it), derived once rather than per request. */
let derived: { secret: string; key: Uint8Array } | undefined;
function tokenKey(secret: string): Uint8Array {
  if (derived?.secret !== secret) {
    derived = { secret, key: new Uint8Array(hkdfSync("sha256", secret, "", "NextAuth.js Generated Encryption Key", 32)) };
  }
  return derived.key;
}

/** next-auth's `decode` (JWE, dir + A256GCM, 15 s clock tolerance) with the key derived once. */
async function decodeToken({ token, secret }: JWTDecodeParams) {
  if (!token) return null;
  const { payload } = await jwtDecrypt(token, tokenKey(String(secret)), { clockTolerance: 15 });
  return payload;
}

/**
 * The user id in the request's session token, or null when there is none or it does not decrypt or has
 * expired. The token is read the way next-auth writes it (same cookie name, chunks, secret); this skips
 * `getServerSession`, which also runs the session callbacks and re-encrypts a renewed token that a server
 * component or route handler cannot send back anyway (the browser renews its cookie through /api/auth).
 */
async function sessionUserId(jar: CookieJar): Promise<string | null> {
  const { secret, useSecureCookies } = sessionCookieOptions();
  // Cookies only: no headers, so getToken's `Authorization: Bearer` fallback stays off.
  const token = await getToken({
    req: { cookies: jar, headers: new Headers() } as unknown as Parameters<typeof getToken>[0]["req"],
    secret,
    secureCookie: useSecureCookies,
    decode: decodeToken,
  });
  const uid = token?.uid ?? token?.sub;
  return typeof uid === "string" && uid.length > 0 ? uid : null;
}

/** For actions and route handlers: throws typed errors the wrappers turn into 401/403 responses. */
export async function viewerOrThrow(role?: Role, jar?: CookieJar): Promise<Viewer> {
  return assertAccess(await currentViewer(jar), role);
}
