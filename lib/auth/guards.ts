import type { Role, Viewer } from "@/lib/db/users";
import { ForbiddenError, UnauthorizedError } from "@/lib/errors";

/** The access rule behind every guard: signed in, and with `role` when one is required. */
export function assertAccess(viewer: Viewer | null, role?: Role): Viewer {
  if (!viewer) throw new UnauthorizedError();
  if (role && viewer.role !== role) {
    throw new ForbiddenError(role === "INSTRUCTOR" ? "Only instructors can do this." : "Only students can do this.");
  }
  return viewer;
}
