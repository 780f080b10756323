import type { Metadata } from "next";
import Link from "next/link";

import { JoinConfirm } from "@/components/classes/join-class";
import { FormError } from "@/components/ui/field";
import { requireRole } from "@/lib/auth/session";
import { previewJoin, type JoinPreview } from "@/lib/db/classes";
import { AppError } from "@/lib/errors";

import { joinClassAction } from "../actions";

export const metadata: Metadata = { title: "Join a class" };

export default async function JoinWithCodePage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const viewer = await requireRole("STUDENT", `/join/${encodeURIComponent(code)}`);
  let preview: JoinPreview | null = null;
  let problem: string | null = null;
  try {
    preview = await previewJoin(viewer, code);
  } catch (error) {
    // Unknown or malformed codes get the message lib/db wrote for them; anything else is a real fault.
    if (!(error instanceof AppError)) throw error;
    problem = error.message;
  }
  return (
    <div className="mx-auto max-w-md space-y-5">
      <h1 className="text-2xl font-bold">Join a class</h1>
      {preview ? (
        <>
          <p>
            <span className="font-semibold">{preview.name}</span>, taught by {preview.instructorName}.
          </p>
          {preview.status === "open" && (
            <>
              <p className="text-sm text-slate-600 dark:text-slate-300">
                Your instructor will see your progress in this class. Other students will not.
              </p>
              <JoinConfirm code={code} className={preview.name} joinClass={joinClassAction} />
            </>
          )}
          {preview.status === "member" && <p role="status">You are already in this class.</p>}
          {preview.status === "expired" && (
            <FormError message="This join code has expired: the class was archived. Ask your instructor for a current code." />
          )}
        </>
      ) : (
        <FormError message={problem} />
      )}
      <p className="text-sm">
        <Link href="/join" className="text-brand-700 underline dark:text-brand-100">
          Enter another code, or see your classes
        </Link>
      </p>
    </div>
  );
}
