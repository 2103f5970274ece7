import { Link } from "@/components/ui/link";

const pages = {
  403: {
    tone: "text-red-700",
    title: "You do not have access to this page",
    text: "Your role does not include it. The attempt was recorded in the audit log; ask an admin if you need access.",
  },
  404: { tone: "text-slate-500", title: "Not found", text: "Nothing lives at this address, or it was removed." },
} as const;

/**
 * The 403 and 404 pages. Inside the app shell they render in its <main> (a second main landmark
 * would be nested); outside it (an address no route matches) they are the page's main.
 */
export function StatusPage({ code, inShell }: { code: keyof typeof pages; inShell: boolean }) {
  const page = pages[code];
  const Frame = inShell ? "div" : "main";
  return (
    <Frame className="mx-auto max-w-xl px-4 py-24 text-center">
      <p className={`text-sm font-semibold ${page.tone}`}>{code}</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">{page.title}</h1>
      <p className="mt-2 text-slate-600">{page.text}</p>
      <Link href="/" className="mt-6 inline-block text-brand-700 underline">
        Back to the overview
      </Link>
    </Frame>
  );
}
