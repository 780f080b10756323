import "server-only";

import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";

import { findViewer, type Role, type Viewer } from "@/lib/db/users";

import { assertAccess } from "./guards";
import { authOptions } from "./options";

/**
 * The signed-in person, read fresh from the database (so a deleted account or a changed role takes effect at
 * once), or null.
 */
export async function currentViewer(): Promise<Viewer | null> {
  const session = await getServerSession(authOptions());
  if (!session?.user?.id) return null;
  return findViewer(session.user.id);
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
