import { expect, test } from "@playwright/test";

import { DEMO_PASSWORD, DEMO_STUDENTS, signIn, uniqueEmail } from "./helpers";

test("a visitor signs up, signs out, and signs back in", async ({ page }) => {
  const email = uniqueEmail("new-student");
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Nora Student");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/today$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText("Nora Student");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("link", { name: "Sign up" })).toBeVisible();

  await signIn(page, email, "a long enough password");
  await expect(page).toHaveURL(/\/today$/);
});

test("malformed sign-up gets field messages and creates nothing", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("X");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter a valid email address, like ada@example.edu.")).toBeVisible();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();

  // A duplicate email is caught by the server, on the email field.
  await page.getByLabel("Email").fill(DEMO_STUDENTS[0]);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("An account with this email already exists. Sign in instead?")).toBeVisible();
  await expect(page).toHaveURL(/\/sign-up$/);
});

test("a wrong password shows a clear message", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(DEMO_STUDENTS[1]);
  await page.getByLabel("Password").fill("definitely-not-it");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a signed-out visitor is sent to sign-in, and back afterwards", async ({ page }) => {
  await page.goto("/stats");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fstats/);
  await page.getByLabel("Email").fill(DEMO_STUDENTS[0]);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/stats$/);
});

test("a student cannot open an instructor page", async ({ page }) => {
  await signIn(page, DEMO_STUDENTS[2]);
  const response = await page.goto("/classes");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
});
