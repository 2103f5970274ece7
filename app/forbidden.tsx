import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-xl px-4 py-24 text-center">
      <p className="text-sm font-semibold text-red-700">403</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">You do not have access to this page</h1>
      <p className="mt-2 text-slate-600">Your role does not include it. The attempt was recorded in the audit log; ask an admin if you need access.</p>
      <Link href="/" className="mt-6 inline-block text-brand-700 underline">
        Back to the overview
      </Link>
    </main>
  );
}
