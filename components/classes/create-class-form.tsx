"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { buttonClass, Field, FormError } from "@/components/ui/field";
import type { ActionResult } from "@/lib/auth/handler";
import { createClassSchema } from "@/lib/progress/class-schemas";

type CreateClass = (input: unknown) => Promise<ActionResult<{ id: string }>>;

/** Names a new class and opens its dashboard. */
export function CreateClassForm({ createClass }: { createClass: CreateClass }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = { name: String(new FormData(event.currentTarget).get("name") ?? "") };
    const parsed = createClassSchema.safeParse(values);
    if (!parsed.success) {
      setFieldErrors({ name: parsed.error.issues.map((i) => i.message) });
      return;
    }
    setPending(true);
    setError(null);
    setFieldErrors({});
    const result = await createClass(parsed.data);
    if (!result.ok) {
      setPending(false);
      setFieldErrors(result.fieldErrors ?? {});
      setError(result.fieldErrors ? null : result.error);
      return;
    }
    router.push(`/classes/${result.data.id}`);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Create a class">
      <FormError message={error} />
      <Field label="Class name" name="name" required maxLength={100} placeholder="Deep Learning, spring term" errors={fieldErrors.name} />
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? "Creating…" : "Create class"}
      </button>
    </form>
  );
}
