"use client";

import dynamic from "next/dynamic";

import type { LabViewProps } from "./lab-view";

// The lab view pulls in the lab runtime (and, through it, TensorFlow.js): load it only on lab pages, in the browser.
const LabView = dynamic(() => import("./lab-view"), {
  ssr: false,
  loading: () => (
    <p role="status" className="text-sm text-slate-600 dark:text-slate-300">
      Loading the lab…
    </p>
  ),
});

/** The client entry of a lab page: a placeholder while the lab view's code loads. */
export function LabLoader(props: LabViewProps) {
  return <LabView {...props} />;
}
