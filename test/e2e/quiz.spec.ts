import { expect, type Page, test } from "@playwright/test";

import { DEMO_PASSWORD, DEMO_STUDENTS } from "./helpers";

// The l1-vs-l2 quiz asks, in the author's order: a numeric question (answer 16, tests the soft-threshold and
// pull-size cards), a single-choice question and a multiple-choice question (see content/concepts/l1-vs-l2.yaml).
const NUMERIC_EXPLANATION = "Each soft-threshold step moves the weight towards zero";
const SINGLE_EXPLANATION = "constant pull sets the weights of unhelpful features";

/** Signs in through the form, allowing for the first compile of the start page on a dev server. */
async function signIn(page: Page, email: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible({ timeout: 90_000 });
}

/** The number key that picks the option whose text starts with `text`. */
async function keyFor(page: Page, text: string): Promise<string> {
  const options = await page.locator("fieldset label").allInnerTexts();
  const index = options.findIndex((o) => o.replace(/^\s*\d+\s*/, "").startsWith(text));
  expect(index, `option "${text}" among ${JSON.stringify(options)}`).toBeGreaterThanOrEqual(0);
  return String(index + 1);
}

test("a student takes a concept quiz by keyboard, misses one, and its card comes back in Today", async ({ page }) => {
  // Dev-server compiles on first visits, and the missed card's first learning step is one minute.
  test.setTimeout(300_000);
  await signIn(page, DEMO_STUDENTS[2]);

  await page.goto("/concepts/l1-vs-l2");
  await page.getByRole("link", { name: /Take the quiz/ }).click();
  await expect(page).toHaveURL(/\/quizzes\/new\?concept=l1-vs-l2/, { timeout: 60_000 });
  await expect(page.getByRole("heading", { level: 1, name: /Quiz: L1/ })).toBeVisible();
  await page.getByRole("button", { name: "Start quiz" }).click();
  await expect(page).toHaveURL(/\/quizzes\/[a-z0-9]+$/, { timeout: 60_000 });
  const attemptUrl = page.url();
  const attemptId = attemptUrl.split("/").pop() ?? "";

  // What the server sends before an answer (HTML and the serialized props) holds no right answer or explanation.
  const raw = await (await page.request.get(attemptUrl)).text();
  expect(raw).toContain("After how many steps is the weight exactly zero");
  expect(raw).not.toContain(NUMERIC_EXPLANATION);
  expect(raw).not.toContain(SINGLE_EXPLANATION);
  expect(raw).not.toMatch(/\\?"correct\\?":/);

  // 1. Numeric, answered wrong: 3 instead of 16.
  const numberField = page.getByLabel("Your answer");
  await expect(numberField).toBeFocused();
  const numericId = ((await numberField.getAttribute("id")) ?? "").replace(/^answer-/, "");
  await numberField.fill("3");
  await page.keyboard.press("Enter");
  const review = page.getByTestId("question-review");
  // The first answer may wait for the dev server to compile the answer route.
  await expect(review).toHaveAttribute("data-correct", "false", { timeout: 90_000 });
  await expect(review.getByText("Not quite")).toBeVisible();
  await expect(review).toContainText(NUMERIC_EXPLANATION);
  await expect(review).toContainText("16 (± 0.5)");
  const moved = page.getByTestId("moved-cards");
  await expect(moved.locator("[data-card-key='l1-vs-l2-soft-threshold']")).toContainText("Again");
  await expect(moved.locator("[data-card-key='l1-vs-l2-soft-threshold']")).toContainText("due in 1m");
  await page.keyboard.press("Enter");

  // 2. Single choice, answered right with its number key.
  await expect(page.getByRole("heading", { name: "Question 2 of 3" })).toBeVisible();
  await page.keyboard.press(await keyFor(page, "An L1 penalty"));
  await page.keyboard.press("Enter");
  await expect(review).toHaveAttribute("data-correct", "true");
  await expect(review).toContainText(SINGLE_EXPLANATION);
  await page.keyboard.press("Enter");

  // 3. Multiple choice: both true statements.
  await expect(page.getByRole("heading", { name: "Question 3 of 3" })).toBeVisible();
  await page.keyboard.press(await keyFor(page, "The L2 pull on a weight shrinks"));
  await page.keyboard.press(await keyFor(page, "The corners of the L1 ball"));
  await page.keyboard.press("Enter");
  await expect(review).toHaveAttribute("data-correct", "true");
  await page.getByRole("link", { name: "See your results" }).click();

  await expect(page).toHaveURL(`${attemptUrl}/results`, { timeout: 90_000 });
  await expect(page.getByTestId("quiz-score")).toHaveText("2 / 3 (67%)");
  await expect(page.getByTestId("question-review")).toHaveCount(3);
  await expect(moved.locator("[data-card-key='l1-vs-l2-soft-threshold']")).toContainText("added to your reviews, due in 1m");
  await expect(page.getByRole("link", { name: /this attempt/ })).toBeVisible();

  // The graded attempt takes no more answers: clear 4xx statuses.
  const post = (path: string, data: unknown) => page.request.post(`/api/quizzes/${path}`, { data });
  expect((await post(`${attemptId}/answers`, { questionId: numericId, response: { value: 16 } })).status()).toBe(409);
  expect((await post(`${attemptId}/submit`, { answers: [] })).status()).toBe(409);
  expect((await post(`${attemptId}/answers`, { questionId: "zzzzzzzzzzzzzzzz", response: { value: 1 } })).status()).toBe(422);
  expect((await post(`zzzzzzzzzzzzzzzzzzzzzzzz/answers`, { questionId: numericId, response: { value: 1 } })).status()).toBe(404);

  // The quizzes page lists the attempt with its score.
  await page.goto("/quizzes");
  await expect(page.getByRole("heading", { level: 1, name: "Quizzes" })).toBeVisible();
  await expect(page.getByRole("link", { name: /L1/ }).first()).toBeVisible();
  await expect(page.getByText("2 / 3 (67%)").first()).toBeVisible();

  // The missed card entered the review queue a minute out: Today shows it once it is due.
  await page.goto("/today");
  await expect(page.getByRole("heading", { name: "Today", level: 1 })).toBeVisible({ timeout: 90_000 });
  await expect
    .poll(
      async () => {
        await page.goto("/today", { waitUntil: "domcontentloaded" });
        const front = page.getByTestId("card-front");
        return (await front.count()) > 0 ? await front.innerText() : "";
      },
      { timeout: 150_000, intervals: [5_000] },
    )
    .toContain("soft-thresholding");
  expect(Number(await page.getByTestId("count-learning").innerText())).toBeGreaterThanOrEqual(1);
});
