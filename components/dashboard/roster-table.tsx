import Link from "next/link";
import type { ReactNode } from "react";

import type { ActionResult } from "@/lib/auth/handler";
import type { StudentSummary } from "@/lib/progress/types";

import { RemoveStudentButton } from "../classes/remove-student-button";
import { formatAgo, formatDateTime, formatPercent, withForecast } from "./format";
import { RiskBadge } from "./risk-badge";

type RemoveStudent = (input: unknown) => Promise<ActionResult<{ removed: boolean }>>;

function Th({ children, className = "" }: { children: ReactNode; className?: string }) {
  return (
    <th scope="col" className={`px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300 ${className}`}>
      {children}
    </th>
  );
}

/** The roster: one row per student, students at risk first. */
export function RosterTable({
  classId,
  students,
  now,
  forecastDate,
  removeStudent,
}: {
  classId: string;
  students: StudentSummary[];
  now: Date;
  forecastDate: string;
  /** Absent for an archived class (read-only). */
  removeStudent?: RemoveStudent;
}) {
  if (students.length === 0) {
    return (
      <p className="rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-300">
        No students yet. Share the join code or link above; students appear here as soon as they join.
      </p>
    );
  }
  const ordered = [...students].sort((a, b) => Number(b.risk.length > 0) - Number(a.risk.length > 0));
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
        <caption className="sr-only">Students, those at risk first</caption>
        <thead className="bg-slate-50 dark:bg-slate-900">
          <tr>
            <Th>Student</Th>
            <Th>Status</Th>
            <Th>Last active</Th>
            <Th className="text-right">Streak</Th>
            <Th className="text-right">Reviews (7 d)</Th>
            <Th className="text-right">Due / overdue</Th>
            <Th className="text-right">Retention (30 d)</Th>
            <Th className="text-right">Quiz avg</Th>
            <Th className="text-right">Labs</Th>
            <Th className="text-right">Mastery now → {forecastDate}</Th>
            {removeStudent && <Th>
              <span className="sr-only">Actions</span>
            </Th>}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {ordered.map((s) => (
            <tr key={s.id} data-testid="roster-row">
              <td className="px-3 py-2">
                <Link
                  href={withForecast(`/classes/${classId}/students/${s.id}`, forecastDate)}
                  className="font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100"
                >
                  {s.name}
                </Link>
                <div className="text-xs text-slate-500 dark:text-slate-400">{s.email}</div>
              </td>
              <td className="px-3 py-2">
                <RiskBadge reasons={s.risk} />
              </td>
              <td className="whitespace-nowrap px-3 py-2" title={s.lastActiveAt ? formatDateTime(s.lastActiveAt) : undefined}>
                {formatAgo(s.lastActiveAt, now)}
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{s.streakDays} d</td>
              <td className="px-3 py-2 text-right tabular-nums">{s.reviews7d}</td>
              <td className="px-3 py-2 text-right tabular-nums">
                {s.dueToday} / {s.overdue}
              </td>
              <td className="px-3 py-2 text-right tabular-nums" title={`${s.retentionReviews30d} reviews of graduated cards`}>
                {formatPercent(s.retention30d)}
              </td>
              <td className="px-3 py-2 text-right tabular-nums" title={`${s.quizzesTaken} quizzes`}>
                {formatPercent(s.quizAverage)}
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{s.labRuns}</td>
              <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">
                {formatPercent(s.masteryNow)} → {formatPercent(s.masteryForecast)}
              </td>
              {removeStudent && (
                <td className="px-3 py-2">
                  <RemoveStudentButton classId={classId} studentId={s.id} studentName={s.name} removeStudent={removeStudent} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
