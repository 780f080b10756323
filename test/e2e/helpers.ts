import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "deepcards-demo";
export const DEMO_INSTRUCTOR = "instructor@example.edu";
export const DEMO_STUDENTS = ["ada@example.edu", "grace@example.edu", "alan@example.edu"] as const;

/** Signs in through the form and waits for the signed-in header. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** A unique email per test run, so tests never collide with earlier sign-ups. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.floor(performance.now()).toString(36)}@example.edu`;
}
