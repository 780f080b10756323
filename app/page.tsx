import Link from "next/link";
import { redirect } from "next/navigation";

import { buttonClass, secondaryButtonClass } from "@/components/ui/field";
import { currentViewer } from "@/lib/auth/session";

export default async function HomePage() {
  const viewer = await currentViewer();
  if (viewer) redirect(viewer.role === "INSTRUCTOR" ? "/classes" : "/today");
  return (
    <section className="mx-auto max-w-2xl space-y-6 py-8 text-center">
      <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">Remember deep learning, and see it work.</h1>
      <p className="text-lg text-slate-600 dark:text-slate-300">
        Flashcards scheduled by FSRS, quizzes that feed your review queue, and labs that train real networks in your
        browser. What you predict and observe in a lab updates what you review next.
      </p>
      <div className="flex justify-center gap-3">
        <Link href="/sign-up" className={buttonClass}>
          Create an account
        </Link>
        <Link href="/sign-in" className={secondaryButtonClass}>
          Sign in
        </Link>
      </div>
    </section>
  );
}
