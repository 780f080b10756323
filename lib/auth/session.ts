import "server-only";

import { forbidden, redirect } from "next/navigation";

import type { Role, Viewer } from "@/lib/db/users";

import { assertAccess } from "./guards";
import { currentViewer } from "./viewer";

// Who is signed in, for pages, actions and route handlers alike (lib/auth/viewer.ts, which needs nothing of
// Next's navigation); this module adds what pages do about it.
export { currentViewer, viewerOrThrow, type CookieJar } from "./viewer";

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
