import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl px-4 py-24 text-center">
      <p className="text-sm font-semibold text-slate-500">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">Not found</h1>
      <p className="mt-2 text-slate-600">Nothing lives at this address, or it was removed.</p>
      <Link href="/" className="mt-6 inline-block text-brand-700 underline">
        Back to the overview
      </Link>
    </main>
  );
}
