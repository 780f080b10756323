import { expect, type Page, test } from "@playwright/test";

import { DEMO_STUDENTS, signIn } from "./helpers";

// Run with its own dev server: E2E_DEV=1 E2E_PORT=3207 npx playwright test test/e2e/labs-extra.spec.ts

async function openLab(page: Page, path: string, title: string) {
  await signIn(page, DEMO_STUDENTS[1]).catch(() =>
    expect(page.getByRole("button", { name: "Sign out" })).toBeVisible({ timeout: 180_000 }),
  );
  await page.goto(path, { timeout: 180_000 });
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible({ timeout: 120_000 });
}

async function expectCardsMoved(page: Page, predictionKey: string) {
  await expect(page.getByTestId(`outcome-${predictionKey}`)).toContainText(/confirmed|refuted/, { timeout: 120_000 });
  await expect(page.getByText(/^Run saved\. Your predictions moved \d+ cards\.$/)).toBeVisible();
}

test("the Conv Darkroom: edit a kernel, predict, run the occlusion scan, see the cards move", async ({ page }) => {
  test.setTimeout(420_000);
  await openLab(page, "/labs/conv-darkroom?image=digit&kernel=box-blur&layers=3&backend=wasm", "Convolution darkroom");

  // The feature maps follow the kernel as it is typed.
  await expect(page.getByRole("img", { name: /^Feature map after layer 3/ })).toBeVisible({ timeout: 120_000 });
  await page.getByLabel("Weight, centre").fill("2");
  await expect(page.getByText("Your own kernel: it is not kept in the page's link.")).toBeVisible();
  await page.getByRole("combobox", { name: "Preset" }).selectOption("box-blur");
  await expect(page.getByLabel("Weight, centre")).toHaveValue("1/9");

  // The patch moves with the keyboard.
  const patch = page.getByRole("slider", { name: "Occlusion patch" });
  await patch.focus();
  await page.keyboard.press("ArrowRight");
  await expect(patch).toHaveAttribute("aria-valuenow", "27");

  await page.getByRole("radio", { name: "Sobel x" }).check();
  await page.getByRole("radio", { name: "Blurrier" }).check();
  await page.getByRole("radio", { name: "Over the digit's strokes" }).check();
  await page.getByRole("button", { name: "Start the run" }).click();
  await expect(page.getByRole("img", { name: /^Saliency map/ })).toBeVisible({ timeout: 180_000 });
  await expectCardsMoved(page, "darkroom-vertical-edge-kernel");
  await expect(page.getByTestId("outcome-darkroom-vertical-edge-kernel")).toContainText("confirmed");
  // Hiding the strokes of a digit lowers the classifier's odds more than hiding the background, on any digit.
  await expect(page.getByTestId("outcome-darkroom-occlusion-region")).toContainText("confirmed");
});

test("the Diffusion Studio: noise a digit, predict, sample it back, see the cards move", async ({ page }) => {
  test.setTimeout(420_000);
  await openLab(page, "/labs/diffusion-studio?t=300&steps=10&digit=7&backend=wasm", "Diffusion studio");

  await expect(page.getByRole("img", { name: /noised to step 300 of the cosine schedule/ })).toBeVisible({ timeout: 120_000 });
  await page.getByRole("radio", { name: "Cosine" }).check();
  await page.getByRole("group", { name: /exactly the same image/ }).getByRole("radio", { name: "Yes" }).check();
  await page.getByRole("group", { name: /still be read as the same digit/ }).getByRole("radio", { name: "Yes" }).check();
  await page.getByRole("button", { name: "Start the run" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Run finished: the sample reads as \d\.$/ })).toBeVisible({
    timeout: 240_000,
  });
  await expect(page.getByRole("img", { name: "Final sample" })).toBeVisible();
  await expectCardsMoved(page, "diffusion-same-image-twice");
  // DDIM with eta = 0 adds no fresh noise: the prediction that it repeats itself is confirmed.
  await expect(page.getByTestId("outcome-diffusion-same-image-twice")).toContainText("confirmed");
});
