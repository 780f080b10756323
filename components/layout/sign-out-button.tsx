"use client";

import { signOut } from "next-auth/react";

import { useHydrated } from "@/components/ui/use-hydrated";

export function SignOutButton() {
  // Disabled until its handler is attached: a click before that would do nothing and leave the session open.
  const hydrated = useHydrated();
  return (
    <button
      type="button"
      disabled={!hydrated}
      onClick={() => void signOut({ callbackUrl: "/sign-in" })}
      className="rounded-md px-3 py-2 text-sm text-slate-600 hover:bg-slate-200 disabled:opacity-60 dark:text-slate-300 dark:hover:bg-slate-800"
    >
      Sign out
    </button>
  );
}
