import { expect, type Browser, type BrowserContext, type Page, test } from "@playwright/test";

import { DEMO_INSTRUCTOR, DEMO_STUDENTS, signIn, uniqueEmail } from "./helpers";

// One story and one access matrix, sharing a class: the demo instructor creates it, Alan joins and reviews.
// Grace (demo class only) is "another student"; a freshly signed-up instructor is "another instructor".
test.describe.configure({ mode: "serial" });

const CLASS_NAME = `Exam prep ${Date.now().toString(36)}`;
let classUrl = "";
let studentUrl = "";
let conceptUrl = "";

async function signedIn(browser: Browser, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  // Sign-in lands on a start page whose first compile in dev mode can outlast the helper's wait.
  await signIn(page, email).catch(() => expect(page.getByRole("button", { name: "Sign out" })).toBeVisible({ timeout: 180_000 }));
  return { context, page };
}

test("an instructor creates a class, a student joins with the code and reviews, the instructor sees it", async ({ browser }) => {
  test.setTimeout(420_000);
  const teacher = await signedIn(browser, DEMO_INSTRUCTOR);
  await teacher.page.goto("/classes", { timeout: 180_000 });
  await teacher.page.getByLabel("Class name").fill(CLASS_NAME);
  await teacher.page.getByRole("button", { name: "Create class" }).click();
  await expect(teacher.page.getByRole("heading", { name: CLASS_NAME, level: 1 })).toBeVisible({ timeout: 180_000 });
  classUrl = new URL(teacher.page.url()).pathname;
  expect(classUrl).toMatch(/^\/classes\/[^/]+$/);
  const code = (await teacher.page.getByTestId("join-code").innerText()).trim();
  expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
  await expect(teacher.page.getByText("No students yet.")).toBeVisible();

  // Alan joins with the code, typed in lower case with a space.
  const student = await signedIn(browser, DEMO_STUDENTS[2]);
  await student.page.goto("/join", { timeout: 180_000 });
  await student.page.getByLabel("Join code").fill(`${code.slice(0, 4).toLowerCase()} ${code.slice(4)}`);
  await student.page.getByRole("button", { name: "Join class" }).click();
  await expect(student.page.getByText(`You joined ${CLASS_NAME}.`)).toBeVisible();
  await expect(student.page.getByTestId("my-class").filter({ hasText: CLASS_NAME })).toBeVisible();
  // Joining twice is a clear message.
  await student.page.getByLabel("Join code").fill(code);
  await student.page.getByRole("button", { name: "Join class" }).click();
  await expect(student.page.getByRole("alert").filter({ hasText: "already" })).toHaveText(`You are already in ${CLASS_NAME}.`);

  // The instructor sees Alan; the demo seed may have given him some history already.
  await teacher.page.reload();
  const row = teacher.page.getByTestId("roster-row").filter({ hasText: "Alan Novak" });
  const reviewsCell = row.getByRole("cell").nth(4);
  await expect(reviewsCell).toHaveText(/^\d+$/);
  const reviewsBefore = Number(await reviewsCell.innerText());

  // Alan reviews three cards on Today.
  await student.page.goto("/today", { timeout: 180_000 });
  const add = student.page.getByRole("button", { name: /Add the Foundations concepts/ });
  const front = student.page.getByTestId("card-front");
  await expect(add.or(front)).toBeVisible({ timeout: 60_000 });
  if (await add.isVisible()) await add.click();
  for (let i = 0; i < 3; i++) {
    await expect(front).toBeVisible();
    await student.page.keyboard.press("Space");
    await expect(student.page.getByTestId("card-back")).toBeVisible();
    await student.page.keyboard.press("3");
  }
  await expect(student.page.getByTestId("save-state")).toHaveText("· All grades saved", { timeout: 60_000 });

  // The instructor sees Alan active within the hour, with three more reviews this week.
  await teacher.page.reload();
  await expect(row).toContainText("within the hour");
  await expect(reviewsCell).toHaveText(String(reviewsBefore + 3));
  await expect(teacher.page.getByTestId("class-summary")).toHaveText(/^1 student, [01] at risk$/);
  // The heatmap labels each cell with its number.
  await expect(teacher.page.getByRole("cell", { name: /^Alan Novak, .+: \d+%$/ }).first()).toBeVisible();

  // His page shows his reviews, the latest (a Good from Today) first.
  await row.getByRole("link", { name: "Alan Novak" }).click();
  await expect(teacher.page.getByRole("heading", { name: "Alan Novak", level: 1 })).toBeVisible({ timeout: 180_000 });
  await expect(teacher.page.getByTestId("recent-activity").getByRole("listitem").first()).toContainText(/^Good · .+\(Review\)/);
  studentUrl = new URL(teacher.page.url()).pathname;

  // A concept page, then a forecast date that is not a date: a message, and the page still works.
  await teacher.page.goto(classUrl);
  await teacher.page.getByTestId("concept-row").first().getByRole("link").click();
  await expect(teacher.page.getByRole("heading", { name: "Students, lowest on" })).toBeVisible({ timeout: 180_000 });
  conceptUrl = new URL(teacher.page.url()).pathname;
  await teacher.page.goto(`${classUrl}?forecast=2020-01-01`);
  await expect(teacher.page.getByRole("alert").filter({ hasText: "forecast" })).toHaveText(
    "The forecast date 2020-01-01 is in the past. Pick today or a later date.",
  );

  // The roster export has a header row and Alan.
  const csv = await teacher.context.request.get(`/api${classUrl}/export/roster.csv`);
  expect(csv.status()).toBe(200);
  const text = await csv.text();
  expect(text).toMatch(/^\uFEFF?Student,Email,/);
  expect(text).toContain("Alan Novak,alan@example.edu");
  await teacher.context.close();
  await student.context.close();
});

test("access: each instructor page and export answers only its owner, and shows no one else's learners", async ({ browser }) => {
  test.setTimeout(420_000);
  expect(classUrl && studentUrl && conceptUrl).toBeTruthy();
  const pages = ["/classes", classUrl, studentUrl, conceptUrl];
  const exports = [`/api${classUrl}/export/roster.csv`, `/api${classUrl}/export/mastery.csv`];

  // Another instructor, signed up with the e2e invite code.
  const otherEmail = uniqueEmail("other-instructor");
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto("/sign-up");
  await otherPage.getByLabel("Name").fill("Dr. Someone Else");
  await otherPage.getByLabel("Email").fill(otherEmail);
  await otherPage.getByLabel("Password").fill("a long enough password");
  await otherPage.getByLabel("Instructor invite code (optional)").fill("e2e-instructor-code");
  await otherPage.getByRole("button", { name: "Create account" }).click();
  await expect(otherPage).toHaveURL(/\/classes$/, { timeout: 180_000 });

  const anonymous = await browser.newContext();
  const owner = (await signedIn(browser, DEMO_INSTRUCTOR)).context;
  const student = (await signedIn(browser, DEMO_STUDENTS[2])).context;
  const anotherStudent = (await signedIn(browser, DEMO_STUDENTS[1])).context;

  const matrix: [string, BrowserContext, (path: string) => number][] = [
    ["anonymous", anonymous, (path) => (path.startsWith("/api") ? 401 : 307)],
    ["student", student, () => 403],
    ["another student", anotherStudent, () => 403],
    ["the class's instructor", owner, () => 200],
    ["another instructor", other, (path) => (path === "/classes" ? 200 : 404)],
  ];
  for (const [who, context, status] of matrix) {
    for (const path of [...pages, ...exports]) {
      const response = await context.request.get(path, { maxRedirects: 0, timeout: 180_000 });
      expect(response.status(), `${who} GET ${path}`).toBe(status(path));
      const body = await response.text();
      // Grace is not in this class: her name never shows on its pages (except in her own header).
      if (who !== "another student") expect(body, `${who} GET ${path}`).not.toContain("Grace Lin");
      if (who !== "the class's instructor") {
        expect(body, `${who} GET ${path}`).not.toContain("alan@example.edu");
        // Alan's own header names him; no one else's page may.
        if (who !== "student") expect(body, `${who} GET ${path}`).not.toContain("Alan Novak");
      }
    }
  }
  for (const context of [anonymous, owner, student, anotherStudent, other]) await context.close();
});
