"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { buttonClass, Field, FormError, secondaryButtonClass } from "@/components/ui/field";
import type { ActionResult } from "@/lib/auth/handler";
import { joinClassSchema } from "@/lib/progress/class-schemas";

type JoinClass = (input: unknown) => Promise<ActionResult<{ classId: string; name: string }>>;
type LeaveClass = (input: unknown) => Promise<ActionResult<{ left: boolean }>>;

function useJoin(joinClass: JoinClass) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [joined, setJoined] = useState<string | null>(null);
  async function join(code: string) {
    const parsed = joinClassSchema.safeParse({ code });
    if (!parsed.success) {
      setFieldErrors({ code: parsed.error.issues.map((i) => i.message) });
      setError(null);
      return;
    }
    setPending(true);
    setError(null);
    setFieldErrors({});
    const result = await joinClass(parsed.data);
    setPending(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setJoined(result.data.name);
    router.refresh();
  }
  return { pending, error, fieldErrors, joined, join };
}

function Joined({ name }: { name: string | null }) {
  return (
    <p role="status" aria-live="polite" className="text-sm font-medium text-green-700 dark:text-green-300">
      {name ? `You joined ${name}. Your instructor now sees your progress in this class.` : null}
    </p>
  );
}

/** Type a join code and join. */
export function JoinForm({ joinClass }: { joinClass: JoinClass }) {
  const { pending, error, fieldErrors, joined, join } = useJoin(joinClass);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    void join(String(new FormData(form).get("code") ?? "")).then(() => form.reset());
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Join a class">
      <FormError message={error} />
      <Field
        label="Join code"
        name="code"
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        placeholder="7KQ4MZ2P"
        hint="8 letters and digits, from your instructor."
        errors={fieldErrors.code}
      />
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? "Joining…" : "Join class"}
      </button>
      <Joined name={joined} />
    </form>
  );
}

/** The confirmation on a join link: one button. */
export function JoinConfirm({ code, className, joinClass }: { code: string; className: string; joinClass: JoinClass }) {
  const { pending, error, joined, join } = useJoin(joinClass);
  return (
    <div className="space-y-3">
      <FormError message={error} />
      {!joined && (
        <button type="button" className={buttonClass} disabled={pending} onClick={() => join(code)}>
          {pending ? "Joining…" : `Join ${className}`}
        </button>
      )}
      <Joined name={joined} />
    </div>
  );
}

/** Leaves a class after a second, explicit click. */
export function LeaveClassButton({ classId, className, leaveClass }: { classId: string; className: string; leaveClass: LeaveClass }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function leave() {
    setPending(true);
    const result = await leaveClass({ classId });
    setPending(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    router.refresh();
  }
  return (
    <div className="flex flex-wrap items-center gap-2">
      {confirming ? (
        <>
          <button
            type="button"
            onClick={leave}
            disabled={pending}
            className="inline-flex items-center justify-center rounded-md bg-red-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-red-700 disabled:opacity-60"
            aria-label={`Confirm leaving ${className}`}
          >
            {pending ? "Leaving…" : "Yes, leave"}
          </button>
          <button type="button" className={secondaryButtonClass} onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </>
      ) : (
        <button type="button" className={secondaryButtonClass} onClick={() => setConfirming(true)} aria-label={`Leave ${className}`}>
          Leave
        </button>
      )}
      <p role="status" aria-live="polite" className="text-sm text-red-700 dark:text-red-300">
        {error}
      </p>
    </div>
  );
}
