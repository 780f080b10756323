import type { Metadata } from "next";
import Link from "next/link";

import { CreateClassForm } from "@/components/classes/create-class-form";
import { formatDate } from "@/components/dashboard/format";
import { requireRole } from "@/lib/auth/session";
import { listClasses, type ClassListItem } from "@/lib/db/classes";

import { createClassAction } from "./actions";

export const metadata: Metadata = { title: "Classes" };

function ClassList({ items, label }: { items: ClassListItem[]; label: string }) {
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800" aria-label={label}>
      {items.map((c) => (
        <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
          <div>
            <Link href={`/classes/${c.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
              {c.name}
            </Link>
            <div className="text-sm text-slate-600 dark:text-slate-300">
              {c.studentCount} {c.studentCount === 1 ? "student" : "students"} · created {formatDate(c.createdAt)}
              {c.archivedAt ? ` · archived ${formatDate(c.archivedAt)}` : ""}
            </div>
          </div>
          {!c.archivedAt && (
            <code className="rounded bg-slate-100 px-2 py-1 font-mono text-sm tracking-widest dark:bg-slate-800" aria-label={`Join code ${c.joinCode}`}>
              {c.joinCode}
            </code>
          )}
        </li>
      ))}
    </ul>
  );
}

export default async function ClassesPage() {
  const viewer = await requireRole("INSTRUCTOR", "/classes");
  const { active, archived } = await listClasses(viewer);
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-bold">Your classes</h1>
      {active.length > 0 ? (
        <ClassList items={active} label="Active classes" />
      ) : (
        <p className="text-slate-600 dark:text-slate-300">You have no active classes yet. Create one below and share its join code.</p>
      )}
      <section className="max-w-md space-y-3">
        <h2 className="text-lg font-semibold">Create a class</h2>
        <CreateClassForm createClass={createClassAction} />
      </section>
      {archived.length > 0 && (
        <section className="space-y-3">
          <h2 className="text-lg font-semibold">Archived</h2>
          <ClassList items={archived} label="Archived classes" />
        </section>
      )}
    </div>
  );
}
