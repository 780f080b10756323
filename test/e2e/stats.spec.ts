import { expect, test, type Page } from "@playwright/test";

import { DEMO_INSTRUCTOR, DEMO_PASSWORD, DEMO_STUDENTS } from "./helpers";

// In dev mode a route compiles on its first request, which can take a minute on a busy machine.
test.setTimeout(180_000);

/** Opens /stats signed out, signs in on the page it is sent to, and comes back to /stats. */
async function openStatsAs(page: Page, email: string) {
  await page.goto("/stats");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fstats/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible({ timeout: 150_000 });
}

test("a student opens Stats and sees the year heatmap and the 30-day forecast", async ({ page }) => {
  await openStatsAs(page, DEMO_STUDENTS[1]);
  await expect(page).toHaveURL(/\/stats$/);
  await expect(page.getByRole("heading", { name: "Stats", level: 1 })).toBeVisible();

  // The heatmap: one labelled cell per study day of the past year, and a sentence that sums it up.
  const heatmap = page.getByRole("group", { name: /Reviews per study day from/ });
  await expect(heatmap).toBeVisible();
  await expect(heatmap.getByRole("img")).toHaveCount(365);
  await expect(heatmap.getByRole("img").last()).toHaveAttribute("title", /: \d+ reviews?$/);
  await expect(page.locator("#heatmap-caption")).toContainText(/review/);

  // The forecast: a drawn bar chart and its text alternative, 30 days long.
  const forecast = page.getByTestId("due-forecast");
  await expect(forecast.locator("svg.recharts-surface")).toBeVisible();
  await forecast.getByText("Show as a table").click();
  await expect(forecast.getByRole("row")).toHaveCount(31);
  await expect(page.getByRole("heading", { name: "Cards by state" })).toBeVisible();
});

test("an instructor is refused the student Stats page", async ({ page }) => {
  await openStatsAs(page, DEMO_INSTRUCTOR);
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  const response = await page.goto("/stats");
  expect(response?.status()).toBe(403);
});
