import { expect, test } from "@playwright/test";

import { DEMO_INSTRUCTOR, DEMO_STUDENTS, signIn } from "./helpers";

test("a student opens a concept, sees its math typeset, and adds its cards to their reviews", async ({ page }) => {
  // The first visit of a route compiles it on a dev server, which can take a while on a busy machine.
  test.setTimeout(180_000);
  await signIn(page, DEMO_STUDENTS[0]);
  await page.goto("/concepts");
  await expect(page.getByRole("heading", { level: 1, name: "Concepts" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Foundations" })).toBeVisible();
  await page.getByRole("link", { name: "Backpropagation and the chain rule" }).click();

  await expect(page).toHaveURL(/\/concepts\/backpropagation$/, { timeout: 60_000 });
  await expect(page.getByRole("heading", { level: 1, name: "Backpropagation and the chain rule" })).toBeVisible();
  // The summary's $...$ and $$...$$ are typeset by KaTeX, not shown as TeX source.
  await expect(page.locator(".prose-summary .katex").first()).toBeVisible();
  await expect(page.locator(".prose-summary .katex-display").first()).toBeVisible();
  await expect(page.locator(".prose-summary")).not.toContainText("$$");
  await expect(page.getByRole("link", { name: "Loss functions" })).toBeVisible();

  const cards = page.getByTestId("concept-card");
  const count = await cards.count();
  expect(count).toBeGreaterThan(0);
  await expect(cards.filter({ hasText: "In your reviews" })).toHaveCount(0);

  // The back of a card stays hidden until asked for.
  const first = cards.first();
  await first.getByText("Show answer").click();
  await expect(first.getByText("Hide answer")).toBeVisible();

  await page.getByRole("button", { name: `Add all ${count} cards to my reviews` }).click();
  await expect(page.getByRole("status").filter({ hasText: `Added ${count} cards to your reviews.` })).toBeVisible();
  await expect(cards.filter({ hasText: "In your reviews" })).toHaveCount(count);
  await expect(page.getByText(`All ${count} cards are in your reviews.`)).toBeVisible();

  // It is stored, not just shown: after a reload and on the index.
  await page.reload();
  await expect(cards.filter({ hasText: "In your reviews · new" })).toHaveCount(count);
  await page.goto("/concepts");
  await expect(page.getByRole("listitem").filter({ hasText: "Backpropagation and the chain rule" })).toContainText(
    `${count} of ${count} in your reviews`,
  );
});

test("an instructor sees a concept page without review controls, and an unknown concept is not found", async ({ page }) => {
  await signIn(page, DEMO_INSTRUCTOR);
  await page.goto("/concepts/backpropagation");
  await expect(page.getByRole("heading", { level: 1, name: "Backpropagation and the chain rule" })).toBeVisible();
  await expect(page.getByRole("button", { name: /to my reviews/ })).toHaveCount(0);
  await expect(page.getByRole("meter")).toHaveCount(0);

  const response = await page.goto("/concepts/no-such-concept");
  expect(response?.status()).toBe(404);
});
