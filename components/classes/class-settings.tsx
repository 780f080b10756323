"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";

import { buttonClass, Field, FormError, secondaryButtonClass } from "@/components/ui/field";
import type { ActionResult } from "@/lib/auth/handler";
import type { RiskThresholds } from "@/lib/progress/at-risk";

type Act<T> = (input: unknown) => Promise<ActionResult<T>>;

export interface ClassSettingsActions {
  rename: Act<{ name: string }>;
  updateThresholds: Act<{ thresholds: RiskThresholds }>;
  rotateCode: Act<{ joinCode: string }>;
  archive: Act<{ archived: boolean }>;
  restore: Act<{ archived: boolean }>;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <h3 className="font-semibold">{title}</h3>
      {children}
    </section>
  );
}

/** Runs an action, keeps its messages, and refreshes the page's server data when it succeeds. */
function useAction<T>(act: Act<T>) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [done, setDone] = useState<string | null>(null);
  async function run(input: unknown, success: string): Promise<boolean> {
    setPending(true);
    setError(null);
    setDone(null);
    const result = await act(input);
    setPending(false);
    if (!result.ok) {
      setFieldErrors(result.fieldErrors ?? {});
      setError(result.error);
      return false;
    }
    setFieldErrors({});
    setDone(success);
    router.refresh();
    return true;
  }
  return { pending, error, fieldErrors, done, run };
}

function Status({ done }: { done: string | null }) {
  return (
    <p role="status" aria-live="polite" className="text-sm text-green-700 dark:text-green-300">
      {done}
    </p>
  );
}

/** Rename, at-risk thresholds, join code rotation and archiving. An archived class offers only "Restore". */
export function ClassSettings({
  classId,
  name,
  thresholds,
  archived,
  actions,
}: {
  classId: string;
  name: string;
  thresholds: RiskThresholds;
  archived: boolean;
  actions: ClassSettingsActions;
}) {
  const rename = useAction(actions.rename);
  const limits = useAction(actions.updateThresholds);
  const rotate = useAction(actions.rotateCode);
  const archive = useAction(actions.archive);
  const restore = useAction(actions.restore);
  const [confirmArchive, setConfirmArchive] = useState(false);

  if (archived) {
    return (
      <Section title="Archived">
        <p className="text-sm text-slate-600 dark:text-slate-300">
          This class is read-only and its join code no longer works. Restore it to change it or let students join again.
        </p>
        <FormError message={restore.error} />
        <button type="button" className={buttonClass} disabled={restore.pending} onClick={() => restore.run({ classId }, "Class restored.")}>
          {restore.pending ? "Restoring…" : "Restore class"}
        </button>
        <Status done={restore.done} />
      </Section>
    );
  }

  function onRename(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void rename.run({ classId, name: String(new FormData(event.currentTarget).get("name") ?? "") }, "Name saved.");
  }

  function onThresholds(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void limits.run(
      {
        classId,
        overdueCards: String(form.get("overdueCards") ?? ""),
        retentionPercent: String(form.get("retentionPercent") ?? ""),
        inactiveDays: String(form.get("inactiveDays") ?? ""),
      },
      "Thresholds saved.",
    );
  }

  return (
    <div className="grid gap-4 md:grid-cols-2">
      <Section title="Name">
        <form onSubmit={onRename} noValidate className="space-y-3">
          <FormError message={rename.fieldErrors.name ? null : rename.error} />
          <Field label="Class name" name="name" defaultValue={name} maxLength={100} required errors={rename.fieldErrors.name} />
          <button type="submit" className={secondaryButtonClass} disabled={rename.pending}>
            {rename.pending ? "Saving…" : "Rename"}
          </button>
          <Status done={rename.done} />
        </form>
      </Section>

      <Section title="At-risk thresholds">
        <form onSubmit={onThresholds} noValidate className="space-y-3">
          <FormError message={Object.keys(limits.fieldErrors).length ? null : limits.error} />
          <Field
            label="Overdue cards (at or above)"
            name="overdueCards"
            type="number"
            inputMode="numeric"
            min={1}
            max={10000}
            defaultValue={thresholds.overdueCards}
            errors={limits.fieldErrors.overdueCards}
          />
          <Field
            label="30-day retention below (%)"
            name="retentionPercent"
            type="number"
            inputMode="decimal"
            min={50}
            max={99}
            step="0.1"
            defaultValue={Math.round(thresholds.retention * 1000) / 10}
            hint="Judged only once a student has at least 10 reviews of graduated cards in 30 days."
            errors={limits.fieldErrors.retentionPercent}
          />
          <Field
            label="Days without activity (at or above)"
            name="inactiveDays"
            type="number"
            inputMode="numeric"
            min={1}
            max={365}
            defaultValue={thresholds.inactiveDays}
            errors={limits.fieldErrors.inactiveDays}
          />
          <button type="submit" className={secondaryButtonClass} disabled={limits.pending}>
            {limits.pending ? "Saving…" : "Save thresholds"}
          </button>
          <Status done={limits.done} />
        </form>
      </Section>

      <Section title="Join code">
        <p className="text-sm text-slate-600 dark:text-slate-300">
          A new code stops the old code and link from working. Students already in the class stay in it.
        </p>
        <FormError message={rotate.error} />
        <button type="button" className={secondaryButtonClass} disabled={rotate.pending} onClick={() => rotate.run({ classId }, "New join code made.")}>
          {rotate.pending ? "Making a new code…" : "Make a new join code"}
        </button>
        <Status done={rotate.done} />
      </Section>

      <Section title="Archive">
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Archiving makes the class read-only and expires its join code. You can restore it later.
        </p>
        <FormError message={archive.error} />
        {confirmArchive ? (
          <div className="flex gap-2">
            <button
              type="button"
              className="inline-flex items-center justify-center rounded-md bg-red-600 px-4 py-2 text-sm font-semibold text-white hover:bg-red-700 disabled:opacity-60"
              disabled={archive.pending}
              onClick={() => archive.run({ classId }, "Class archived.")}
            >
              {archive.pending ? "Archiving…" : "Yes, archive it"}
            </button>
            <button type="button" className={secondaryButtonClass} onClick={() => setConfirmArchive(false)}>
              Cancel
            </button>
          </div>
        ) : (
          <button type="button" className={secondaryButtonClass} onClick={() => setConfirmArchive(true)}>
            Archive class
          </button>
        )}
        <Status done={archive.done} />
      </Section>
    </div>
  );
}
