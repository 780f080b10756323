import type { Metadata } from "next";

import { JoinForm, LeaveClassButton } from "@/components/classes/join-class";
import { formatDate } from "@/components/dashboard/format";
import { requireRole } from "@/lib/auth/session";
import { myClasses } from "@/lib/db/classes";

import { joinClassAction, leaveClassAction } from "./actions";

export const metadata: Metadata = { title: "Your classes" };

export default async function JoinPage() {
  const viewer = await requireRole("STUDENT", "/join");
  const classes = await myClasses(viewer);
  return (
    <div className="mx-auto max-w-2xl space-y-10">
      <section className="space-y-4">
        <h1 className="text-2xl font-bold">Join a class</h1>
        <p className="text-slate-600 dark:text-slate-300">
          Enter the code your instructor gave you. Once you join, your instructor sees your progress: reviews, quiz
          scores, lab runs and how well you remember each concept. Other students never see it.
        </p>
        <JoinForm joinClass={joinClassAction} />
      </section>
      <section className="space-y-3" aria-labelledby="my-classes">
        <h2 id="my-classes" className="text-lg font-semibold">
          Your classes
        </h2>
        {classes.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-300">You are not in any class yet.</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
            {classes.map((c) => (
              <li key={c.classId} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3" data-testid="my-class">
                <div>
                  <div className="font-medium">
                    {c.name}
                    {c.archived && <span className="ml-2 text-xs text-slate-500 dark:text-slate-400">(archived)</span>}
                  </div>
                  <div className="text-sm text-slate-600 dark:text-slate-300">
                    {c.instructorName} · joined {formatDate(c.joinedAt)}
                  </div>
                </div>
                <LeaveClassButton classId={c.classId} className={c.name} leaveClass={leaveClassAction} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
