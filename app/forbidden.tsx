import Link from "next/link";

export default function Forbidden() {
  return (
    <section className="mx-auto max-w-md space-y-3 py-12 text-center">
      <h1 className="text-2xl font-bold">You do not have access to this page</h1>
      <p className="text-slate-600 dark:text-slate-300">It belongs to another role. If you think this is wrong, ask your instructor.</p>
      <Link href="/" className="text-brand-600 underline dark:text-brand-100">
        Go to your start page
      </Link>
    </section>
  );
}
