"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";

import { buttonClass, Field, FormError } from "@/components/ui/field";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { ActionResult } from "@/lib/auth/handler";
import { signUpSchema } from "@/lib/auth/schemas";

type SignUp = (input: unknown) => Promise<ActionResult<{ role: "STUDENT" | "INSTRUCTOR" }>>;

export function SignUpForm({ signUp }: { signUp: SignUp }) {
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const values = {
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      inviteCode: String(form.get("inviteCode") ?? ""),
    };
    const parsed = signUpSchema.safeParse(values);
    if (!parsed.success) {
      const errs: Record<string, string[]> = {};
      for (const i of parsed.error.issues) (errs[String(i.path[0])] ??= []).push(i.message);
      setFieldErrors(errs);
      setError(null);
      return;
    }
    setPending(true);
    setError(null);
    const result = await signUp(values);
    if (!result.ok) {
      setPending(false);
      setFieldErrors(result.fieldErrors ?? {});
      setError(result.fieldErrors ? null : result.error);
      return;
    }
    const signedIn = await signIn("credentials", { email: values.email, password: values.password, redirect: false });
    window.location.assign(signedIn?.error ? "/sign-in" : result.data.role === "INSTRUCTOR" ? "/classes" : "/today");
  }

  return (
    // POST for the same reason as the sign-in form: a password never goes into a URL.
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError message={error} />
      <Field label="Name" name="name" autoComplete="name" required errors={fieldErrors.name} />
      <Field label="Email" name="email" type="email" autoComplete="email" required errors={fieldErrors.email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters."
        errors={fieldErrors.password}
      />
      <Field
        label="Instructor invite code (optional)"
        name="inviteCode"
        autoComplete="off"
        hint="Only instructors have one. Students leave this empty."
        errors={fieldErrors.inviteCode}
      />
      <button type="submit" className={`${buttonClass} w-full`} disabled={pending || !hydrated}>
        {pending ? "Creating your account…" : "Create account"}
      </button>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Already have an account?{" "}
        <Link href="/sign-in" className="font-medium text-brand-600 underline dark:text-brand-100">
          Sign in
        </Link>
      </p>
    </form>
  );
}
