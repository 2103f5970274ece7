import { Link } from "@/components/ui/link";
import { Card } from "@/components/ui/layout";
import { can, type Role } from "@/lib/authz/permissions";

type Basics = { teams: number; people: number; users: number };

/** First steps for a new deployment, shown until they are done (only the ones this role can take). */
export function GettingStarted({ role, basics }: { role: Role; basics: Basics }) {
  const steps = [
    { done: basics.users > 1, text: "Invite your security team, credential owners and auditors", href: "/settings/users/new", permission: "user:manage" as const },
    { done: basics.teams > 0, text: "Create the teams that own credentials", href: "/teams/new", permission: "team:manage" as const },
    { done: basics.people > basics.users, text: "Add the people who own credentials but do not sign in", href: "/people/new", permission: "person:manage" as const },
  ].filter((s) => can(role, s.permission));
  if (steps.length === 0 || steps.every((s) => s.done)) return null;
  return (
    <Card className="mb-6">
      <h2 className="text-base font-semibold text-slate-900">Getting started</h2>
      <ol className="mt-3 space-y-2">
        {steps.map((s) => (
          <li key={s.href} className="flex items-center gap-3 text-sm">
            <span aria-hidden="true" className={s.done ? "text-emerald-600" : "text-slate-400"}>
              {s.done ? "✓" : "○"}
            </span>
            <Link className={s.done ? "text-slate-500 line-through" : "text-brand-700 hover:underline"} href={s.href}>
              {s.text}
            </Link>
            <span className="sr-only">{s.done ? "(done)" : "(to do)"}</span>
          </li>
        ))}
      </ol>
    </Card>
  );
}
