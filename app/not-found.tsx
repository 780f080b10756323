import Link from "next/link";

export default function NotFound() {
  return (
    <section className="mx-auto max-w-md space-y-3 py-12 text-center">
      <h1 className="text-2xl font-bold">Not found</h1>
      <p className="text-slate-600 dark:text-slate-300">This page does not exist, or it is not yours to see.</p>
      <Link href="/" className="text-brand-600 underline dark:text-brand-100">
        Go to your start page
      </Link>
    </section>
  );
}
