"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";

import { buttonClass, Field, FormError } from "@/components/ui/field";
import { useHydrated } from "@/components/ui/use-hydrated";
import { signInSchema } from "@/lib/auth/schemas";
import { safeReturnPath } from "@/lib/safe-redirect";

export function SignInForm({ callbackUrl }: { callbackUrl?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = signInSchema.safeParse({ email: form.get("email"), password: form.get("password") });
    if (!parsed.success) {
      setFieldErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), [i.message]])));
      return;
    }
    setFieldErrors({});
    setError(null);
    setPending(true);
    const result = await signIn("credentials", { ...parsed.data, redirect: false });
    if (!result || result.error) {
      setPending(false);
      setError(result?.error && result.error !== "CredentialsSignin" ? result.error : "Wrong email or password.");
      return;
    }
    // A full navigation, so the server renders the header and pages for the new session.
    window.location.assign(safeReturnPath(callbackUrl, "/"));
  }

  return (
    // POST, not the default GET: were the form ever submitted without its handler, the password would not end
    // up in the address bar and the history.
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError message={error} />
      <Field label="Email" name="email" type="email" autoComplete="email" required errors={fieldErrors.email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        errors={fieldErrors.password}
      />
      <button type="submit" className={`${buttonClass} w-full`} disabled={pending || !hydrated}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        New here?{" "}
        <Link href="/sign-up" className="font-medium text-brand-600 underline dark:text-brand-100">
          Create an account
        </Link>
      </p>
    </form>
  );
}
