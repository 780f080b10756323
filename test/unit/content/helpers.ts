import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root; problem paths are reported relative to it. */
export const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));

export const FIXTURES = "test/fixtures/content";

/** Absolute path of one fixture tree. */
export function fixtureDir(name: string): string {
  return path.join(REPO_ROOT, FIXTURES, name);
}
