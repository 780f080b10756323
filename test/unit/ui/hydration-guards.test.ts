import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";

import { SignInForm } from "@/components/auth/sign-in-form";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { SignOutButton } from "@/components/layout/sign-out-button";

// The server's HTML is what a visitor can click before React hydrates the page.
describe("controls that need their handlers, in the server's HTML", () => {
  test("the sign-in and sign-up forms post (a password never goes into a URL) and their buttons wait", () => {
    for (const [form, label] of [
      [createElement(SignInForm, {}), "Sign in"],
      [createElement(SignUpForm), "Create account"],
    ] as const) {
      const html = renderToStaticMarkup(form);
      expect(html).toMatch(/<form[^>]* method="post"/);
      expect(html).toMatch(new RegExp(`<button type="submit"[^>]* disabled=""[^>]*>${label}</button>`));
    }
  });

  test("the sign-out button waits until it can sign out", () => {
    expect(renderToStaticMarkup(createElement(SignOutButton))).toMatch(/<button type="button" disabled=""/);
  });
});
