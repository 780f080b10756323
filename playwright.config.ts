import { defineConfig, devices } from "@playwright/test";

import { findChromium } from "./lib/cli/check-chromium.mjs";

// The end-to-end suite runs against a production build on its own port and its own fresh embedded database.
// E2E_DEV=1 uses `next dev` instead (faster to start while writing tests); E2E_PORT picks another port.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;
// The default run builds into one fixed folder, which tsconfig.json already includes.
const distDir = port === 3100 ? ".next-e2e" : `.next-e2e-${port}`;
const dataDir = `.data/e2e-${port}`;
const executablePath = findChromium() ?? undefined;
const run = "node --conditions=react-server --import tsx";

const serverEnv = {
  NEXT_DIST_DIR: distDir,
  PGLITE_DIR: dataDir,
  NEXTAUTH_URL: baseURL,
  AUTH_SECRET: "end-to-end-tests-secret-0123456789abcdef",
  INSTRUCTOR_INVITE_CODE: "e2e-instructor-code",
  NEXT_TELEMETRY_DISABLED: "1",
};

const command = process.env.E2E_DEV
  ? `rm -rf ${dataDir} && ${run} lib/cli/prepare-db.ts --demo && next dev -p ${port}`
  : `next build && rm -rf ${dataDir} && ${run} lib/cli/prepare-db.ts --demo && next start -p ${port}`;

export default defineConfig({
  testDir: "test/e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: { executablePath },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], launchOptions: { executablePath } } }],
  webServer: {
    command,
    url: `${baseURL}/sign-in`,
    timeout: 600_000,
    reuseExistingServer: false,
    env: serverEnv,
    stdout: "pipe",
    stderr: "pipe",
  },
});
