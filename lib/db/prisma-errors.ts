import { Prisma } from "./generated/client";

/** True when a write failed on a unique index (Prisma's P2002, raw queries included). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
