"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import type { ActionResult } from "@/lib/auth/handler";

type RemoveStudent = (input: unknown) => Promise<ActionResult<{ removed: boolean }>>;

/** Removes a student after a second, explicit click ("Remove" then "Confirm"). */
export function RemoveStudentButton({
  classId,
  studentId,
  studentName,
  removeStudent,
}: {
  classId: string;
  studentId: string;
  studentName: string;
  removeStudent: RemoveStudent;
}) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setPending(true);
    const result = await removeStudent({ classId, studentId });
    setPending(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setConfirming(false);
    router.refresh();
  }

  const small = "rounded-md px-2 py-1 text-xs font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:opacity-60";
  return (
    <div className="flex flex-col items-start gap-1">
      {confirming ? (
        <div className="flex gap-1">
          <button
            type="button"
            onClick={remove}
            disabled={pending}
            className={`${small} bg-red-600 text-white hover:bg-red-700`}
            aria-label={`Confirm removing ${studentName} from the class`}
          >
            {pending ? "Removing…" : "Confirm"}
          </button>
          <button type="button" onClick={() => setConfirming(false)} className={`${small} hover:bg-slate-200 dark:hover:bg-slate-800`}>
            Cancel
          </button>
        </div>
      ) : (
        <button
          type="button"
          onClick={() => setConfirming(true)}
          className={`${small} text-red-700 hover:bg-red-50 dark:text-red-300 dark:hover:bg-red-950`}
          aria-label={`Remove ${studentName} from the class`}
        >
          Remove
        </button>
      )}
      <p role="status" aria-live="polite" className="text-xs text-red-700 dark:text-red-300">
        {error}
      </p>
    </div>
  );
}
