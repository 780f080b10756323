import { expect, type Page, test } from "@playwright/test";

import { DEMO_STUDENTS, signIn } from "./helpers";

/** Cards left today, all kinds together, as the counts show them. */
async function cardsLeft(page: Page): Promise<number> {
  let total = 0;
  for (const kind of ["new", "learning", "review"]) {
    total += Number(await page.getByTestId(`count-${kind}`).innerText());
  }
  return total;
}

test("a student reviews five cards by keyboard, undoes one, and the counts follow", async ({ page }) => {
  // In dev mode every route compiles on first use (tens of seconds on a busy machine): warm them up first.
  test.setTimeout(240_000);
  await page.request.get("/api/reviews", { timeout: 120_000 }).catch(() => undefined);
  // Sign-in lands on /today, whose first compile can outlast the helper's wait; give it longer.
  await signIn(page, DEMO_STUDENTS[1]).catch(() =>
    expect(page.getByRole("button", { name: "Sign out" })).toBeVisible({ timeout: 180_000 }),
  );
  await page.goto("/today");
  await expect(page.getByRole("heading", { name: "Today", level: 1 })).toBeVisible();

  // A student with an empty collection starts from the Foundations concepts.
  const add = page.getByRole("button", { name: /Add the Foundations concepts/ });
  if (await add.isVisible()) {
    await add.click();
  }
  const front = page.getByTestId("card-front");
  await expect(front).toBeVisible();
  const start = await cardsLeft(page);
  expect(start).toBeGreaterThanOrEqual(5);

  const fronts: string[] = [];
  for (let i = 1; i <= 5; i++) {
    await expect(front).toBeVisible();
    fronts.push(await front.innerText());
    await expect(page.getByTestId("card-back")).toHaveCount(0);
    await page.keyboard.press("Space");
    await expect(page.getByTestId("card-back")).toBeVisible();
    // Each button shows the interval it would schedule.
    await expect(page.getByRole("button", { name: /^Good, next review in \S+/ })).toBeVisible();
    // Good and Easy alternate; neither brings the card back within the test.
    await page.keyboard.press(i % 2 === 0 ? "4" : "3");
    await expect.poll(() => cardsLeft(page)).toBe(start - i);
  }

  await page.keyboard.press("u");
  await expect.poll(() => cardsLeft(page)).toBe(start - 4);
  // innerText, as recorded above (KaTeX cards differ between innerText and textContent).
  await expect.poll(() => front.innerText()).toBe(fronts[4] as string);
  await expect(page.getByTestId("card-back")).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: "undone" })).toBeAttached();

  // The server agrees: four grades are stored, the fifth was undone.
  await expect(page.getByTestId("save-state")).toHaveText("· All grades saved", { timeout: 60_000 });
  await page.reload();
  await expect(page.getByTestId("card-front")).toBeVisible();
  await expect.poll(() => cardsLeft(page)).toBe(start - 4);
  await expect(page.getByText("4 answered today")).toBeVisible();
});

test("settings: a bad step is explained at the field, a good change is saved", async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, DEMO_STUDENTS[2]).catch(() =>
    expect(page.getByRole("button", { name: "Sign out" })).toBeVisible({ timeout: 180_000 }),
  );
  await page.goto("/settings", { timeout: 120_000 });
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/a card you know well/)).toBeVisible();

  const steps = page.getByLabel("Learning steps", { exact: true });
  await steps.fill("1m ten");
  await steps.blur();
  await expect(page.getByText(/"ten" is not a step/)).toBeVisible();
  await steps.fill("1m 15m");
  await page.getByLabel("New cards per day").fill("12");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Saved. The next cards use these settings.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Learning steps", { exact: true })).toHaveValue("1m 15m");
  await expect(page.getByLabel("New cards per day")).toHaveValue("12");
});
