// Runs before `npm test`: the end-to-end tests drive Debian's Chromium (Playwright cannot download its own
// browser offline). Finds it at CHROMIUM_PATH or as `chromium` on PATH, or fails at once saying how to install it.
import { execFileSync } from "node:child_process";
import { accessSync, constants } from "node:fs";

export function findChromium(env = process.env) {
  if (env.CHROMIUM_PATH) {
    try {
      accessSync(env.CHROMIUM_PATH, constants.X_OK);
      return env.CHROMIUM_PATH;
    } catch {
      return null;
    }
  }
  for (const name of ["chromium", "chromium-browser"]) {
    try {
      const found = execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
      if (found) return found;
    } catch {
      // not on PATH; try the next name
    }
  }
  return null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const found = findChromium();
  if (!found) {
    console.error(
      process.env.CHROMIUM_PATH
        ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable file.`
        : "No Chromium found for the end-to-end tests. Install Debian's package (sudo apt-get install chromium) " +
            "or set CHROMIUM_PATH to a Chromium or Chrome binary.",
    );
    process.exit(1);
  }
}
