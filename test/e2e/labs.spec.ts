import { expect, test } from "@playwright/test";

import { DEMO_STUDENTS, signIn, uniqueEmail } from "./helpers";

const CONCEPT = "vanishing-exploding-gradients";
const CARD_KEY = "vanishing-exploding-gradients-sigmoid-bound";
const CARD_FRONT = "Why are deep sigmoid networks prone to vanishing gradients?";

test("a student opens a lab from a flashcard, predicts, runs it on wasm, and sees the card move", async ({ page }) => {
  // Dev servers compile each route on first use, and the run trains a 20-layer network: allow for both.
  test.setTimeout(420_000);
  // A new student: an empty collection, so today's queue holds only the cards added below.
  await page.goto("/sign-up", { timeout: 180_000 });
  await page.getByLabel("Name").fill("Lab Student");
  await page.getByLabel("Email").fill(uniqueEmail("lab-student"));
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible({ timeout: 180_000 });

  // The concept's cards go into the collection as new cards.
  await page.goto(`/concepts/${CONCEPT}`, { timeout: 180_000 });
  const card = page.getByTestId("concept-card").filter({ hasText: CARD_FRONT });
  const add = page.getByRole("button", { name: /^Add all \d+ cards to my reviews$/ });
  if (await add.isVisible()) {
    await add.click();
    await expect(page.getByRole("status").filter({ hasText: /^Added \d+ cards/ })).toBeVisible();
  }
  await expect(card).toContainText("In your reviews · new");

  // Review until the sigmoid card, whose preset opens the vanishing-gradients lab.
  await page.goto("/today", { timeout: 180_000 });
  const front = page.getByTestId("card-front");
  for (let i = 0; i < 10; i++) {
    await expect(front).toBeVisible({ timeout: 60_000 });
    const text = await front.innerText();
    if (text.includes(CARD_FRONT)) break;
    await page.keyboard.press("Space");
    await expect(page.getByTestId("card-back")).toBeVisible();
    await page.keyboard.press("3");
    await expect(front).not.toHaveText(text);
  }
  await expect(front).toContainText(CARD_FRONT);
  await page.getByRole("link", { name: /Open the lab: Vanishing gradients/ }).click();
  await expect(page).toHaveURL(/\/labs\/vanishing-gradients\?.*from=review/, { timeout: 120_000 });

  // The same preset, on the WASM backend.
  await page.goto(`${page.url()}&backend=wasm`, { timeout: 120_000 });
  await expect(page.getByRole("heading", { level: 1, name: "Vanishing gradients" })).toBeVisible();
  await expect(page.getByLabel("Activation")).toHaveValue("sigmoid", { timeout: 120_000 });
  await expect(page.getByLabel("Hidden layers")).toHaveValue("20");
  await expect(page.getByLabel("Initialization")).toHaveValue("small");
  await expect(page.getByRole("link", { name: "← Back to your review" })).toBeVisible();

  // Predict: the run cannot count until every prediction is answered.
  const startRun = page.getByRole("button", { name: "Start the run" });
  await expect(startRun).toBeDisabled();
  await page.getByRole("radio", { name: "The first hidden layer" }).check();
  await page.getByRole("radio", { name: "More than 1,000 times" }).check();
  await page.getByRole("group", { name: /Will the training loss end below 0.5/ }).getByRole("radio", { name: "No" }).check();
  await startRun.click();

  await expect(page.getByTestId("lab-backend")).toHaveText("wasm", { timeout: 120_000 });
  await expect(page.getByRole("status").filter({ hasText: "Finished." })).toBeVisible({ timeout: 240_000 });
  await expect(page.getByText("step 300 of 300")).toBeVisible();

  // Prediction against measurement, and the cards that moved.
  const outcome = page.getByTestId("outcome-vanishing-smallest-gradient-layer");
  await expect(outcome).toContainText(/confirmed|refuted/, { timeout: 60_000 });
  await expect(outcome).toContainText("the backpropagated gradient (RMS of dL/dz per unit) was smallest at");
  await expect(page.getByText(/^Run saved\. Your predictions moved \d+ cards\.$/)).toBeVisible();
  const moved = page.getByTestId(`moved-${CARD_KEY}`);
  await expect(moved).toContainText(CARD_FRONT);
  await expect(moved).toContainText("due");

  // The way back to the review session.
  await expect(page.getByRole("link", { name: "Back to your review", exact: true })).toHaveAttribute("href", "/today");

  // The app shows the card's new schedule: no longer a new card.
  await page.goto(`/concepts/${CONCEPT}`);
  await expect(card).toContainText(/In your reviews · due/);
  await expect(card).not.toContainText("· new");
});

test("a lab link with invalid settings says what is wrong and offers the defaults", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, DEMO_STUDENTS[2]).catch(() =>
    expect(page.getByRole("button", { name: "Sign out" })).toBeVisible({ timeout: 180_000 }),
  );
  await page.goto("/labs/vanishing-gradients?depth=500&from=review", { timeout: 180_000 });
  await expect(page.getByRole("alert").filter({ hasText: "settings are not valid" })).toContainText(
    "depth must be a whole number from 2 to 50",
  );
  await page.getByRole("link", { name: "Open the lab with its default settings" }).click();
  await expect(page).toHaveURL(/\/labs\/vanishing-gradients\?from=review$/, { timeout: 60_000 });
  await expect(page.getByLabel("Hidden layers")).toHaveValue("10", { timeout: 120_000 });
});
