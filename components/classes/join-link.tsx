"use client";

import { useState, useSyncExternalStore } from "react";

import { secondaryButtonClass } from "@/components/ui/field";

const noSubscription = () => () => {};

/** The class's join code and join link, each with a copy button. */
export function JoinLink({ joinCode, archived }: { joinCode: string; archived: boolean }) {
  const path = `/join/${joinCode}`;
  // The origin is only known in the browser; the server renders the path alone.
  const origin = useSyncExternalStore(noSubscription, () => window.location.origin, () => "");
  const [copied, setCopied] = useState<string | null>(null);
  const link = `${origin}${path}`;

  async function copy(text: string, what: string) {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(`${what} copied.`);
    } catch {
      setCopied(`Could not copy; select the ${what.toLowerCase()} and copy it by hand.`);
    }
  }

  if (archived) {
    return <p className="text-sm text-slate-600 dark:text-slate-300">This class is archived: its join code {joinCode} no longer works.</p>;
  }
  return (
    <div className="flex flex-wrap items-center gap-x-6 gap-y-3">
      <div>
        <div className="text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">Join code</div>
        <div className="flex items-center gap-2">
          <code data-testid="join-code" className="rounded bg-slate-100 px-2 py-1 font-mono text-lg tracking-widest dark:bg-slate-800">
            {joinCode}
          </code>
          <button type="button" className={secondaryButtonClass} onClick={() => copy(joinCode, "Code")}>
            Copy code
          </button>
        </div>
      </div>
      <div className="min-w-0">
        <div className="text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">Join link</div>
        <div className="flex items-center gap-2">
          <code className="truncate rounded bg-slate-100 px-2 py-1 font-mono text-sm dark:bg-slate-800">{link}</code>
          <button type="button" className={secondaryButtonClass} onClick={() => copy(link, "Link")}>
            Copy link
          </button>
        </div>
      </div>
      <p role="status" aria-live="polite" className="w-full text-sm text-slate-600 dark:text-slate-300">
        {copied}
      </p>
    </div>
  );
}
