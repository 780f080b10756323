import Link from "next/link";

import { NavLinks, type NavItem } from "./nav-links";
import { SignOutButton } from "./sign-out-button";
import { ThemeToggle } from "./theme-toggle";

const STUDENT_NAV: NavItem[] = [
  { href: "/today", label: "Today" },
  { href: "/concepts", label: "Concepts" },
  { href: "/quizzes", label: "Quizzes" },
  { href: "/labs", label: "Labs" },
  { href: "/stats", label: "Stats" },
  { href: "/join", label: "Classes" },
];
const INSTRUCTOR_NAV: NavItem[] = [
  { href: "/classes", label: "Classes" },
  { href: "/concepts", label: "Concepts" },
  { href: "/labs", label: "Labs" },
];

export function SiteHeader({ viewer }: { viewer: { name: string; role: "STUDENT" | "INSTRUCTOR" } | null }) {
  const items = viewer ? (viewer.role === "INSTRUCTOR" ? INSTRUCTOR_NAV : STUDENT_NAV) : [];
  return (
    <header className="border-b border-slate-200 bg-white/80 backdrop-blur dark:border-slate-800 dark:bg-slate-900/80">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2">
        <Link href="/" className="py-2 text-lg font-bold tracking-tight text-brand-600 dark:text-brand-100">
          DeepCards
        </Link>
        {viewer && (
          <nav aria-label="Main" className="order-last w-full sm:order-none sm:w-auto">
            <NavLinks items={items} />
          </nav>
        )}
        <div className="ml-auto flex items-center gap-1">
          <ThemeToggle />
          {viewer ? (
            <>
              <span className="hidden text-sm text-slate-600 sm:inline dark:text-slate-300" data-testid="signed-in-as">
                {viewer.name}
                {viewer.role === "INSTRUCTOR" ? " (instructor)" : ""}
              </span>
              <SignOutButton />
            </>
          ) : (
            <>
              <Link href="/sign-in" className="rounded-md px-3 py-2 text-sm hover:bg-slate-200 dark:hover:bg-slate-800">
                Sign in
              </Link>
              <Link
                href="/sign-up"
                className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700"
              >
                Sign up
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
