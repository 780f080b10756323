import "server-only";

import { getToken } from "next-auth/jwt";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";

import { findViewer, type Role, type Viewer } from "@/lib/db/users";

import { assertAccess } from "./guards";
import { authOptions } from "./options";

/**
 * The signed-in person, read fresh from the database (so a deleted account or a changed role takes effect at
 * once), or null.
 */
export async function currentViewer(): Promise<Viewer | null> {
  const userId = await sessionUserId();
  return userId ? findViewer(userId) : null;
}

/**
 * The user id in the request's session token, or null when there is none or it does not decrypt or has
 * expired. The token is read the way next-auth writes it (same cookie name, chunks, secret); this skips
 * `getServerSession`, which also runs the session callbacks and re-encrypts a renewed token that a server
 * component or route handler cannot send back anyway (the browser renews its cookie through /api/auth).
 */
async function sessionUserId(): Promise<string | null> {
  const options = authOptions();
  // Cookies only: no headers, so getToken's `Authorization: Bearer` fallback stays off.
  const token = await getToken({
    req: { cookies: await cookies(), headers: new Headers() } as unknown as Parameters<typeof getToken>[0]["req"],
    secret: options.secret,
    secureCookie: options.useSecureCookies ?? false,
  });
  const uid = token?.uid ?? token?.sub;
  return typeof uid === "string" && uid.length > 0 ? uid : null;
}

/** For pages: the viewer, or a redirect to sign-in that comes back to `returnTo`. */
export async function requireUser(returnTo?: string): Promise<Viewer> {
  const viewer = await currentViewer();
  if (!viewer) redirect(returnTo ? `/sign-in?callbackUrl=${encodeURIComponent(returnTo)}` : "/sign-in");
  return viewer;
}

/** For pages: the viewer if they have `role`; a 403 page otherwise. */
export async function requireRole(role: Role, returnTo?: string): Promise<Viewer> {
  const viewer = await requireUser(returnTo);
  try {
    return assertAccess(viewer, role);
  } catch {
    forbidden();
  }
}

/** For actions and route handlers: throws typed errors the wrappers turn into 401/403 responses. */
export async function viewerOrThrow(role?: Role): Promise<Viewer> {
  return assertAccess(await currentViewer(), role);
}
