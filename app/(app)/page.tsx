import type { Metadata } from "next";
import Link from "next/link";
import { count } from "drizzle-orm";
import { getDb } from "@/db";
import { people, teams, users } from "@/db/schema";
import { Card, PageHeader } from "@/components/ui/layout";
import { can } from "@/lib/authz/permissions";
import { requirePage } from "@/lib/server/page-guard";

export const metadata: Metadata = { title: "Overview · Steward" };

export default async function OverviewPage() {
  const { actor } = await requirePage("/");
  const db = await getDb();
  const [[t], [p], [u]] = await Promise.all([
    db.select({ n: count() }).from(teams),
    db.select({ n: count() }).from(people),
    db.select({ n: count() }).from(users),
  ]);
  const stats = [
    { label: "Teams", value: t?.n ?? 0, href: "/teams" },
    { label: "People", value: p?.n ?? 0, href: "/people" },
    { label: "Users", value: u?.n ?? 0, href: can(actor.role, "user:read") ? "/settings/users" : null },
  ];
  const steps = [
    { done: (u?.n ?? 0) > 1, text: "Invite your security team, credential owners and auditors", href: "/settings/users/new", permission: "user:manage" as const },
    { done: (t?.n ?? 0) > 0, text: "Create the teams that own credentials", href: "/teams/new", permission: "team:manage" as const },
    { done: (p?.n ?? 0) > (u?.n ?? 0), text: "Add the people who own credentials but do not sign in", href: "/people/new", permission: "person:manage" as const },
  ].filter((s) => can(actor.role, s.permission));
  return (
    <>
      <PageHeader title={`Welcome, ${actor.name}`} description="Steward keeps every OAuth client, secret and token owner accountable." />
      <div className="grid gap-4 sm:grid-cols-3">
        {stats.map((s) => (
          <Card key={s.label}>
            <div className="text-sm text-slate-600">{s.label}</div>
            <div className="mt-1 text-3xl font-semibold text-slate-900">{s.value}</div>
            {s.href ? <Link className="mt-2 inline-block text-sm text-brand-700 hover:underline" href={s.href}>View {s.label.toLowerCase()}</Link> : null}
          </Card>
        ))}
      </div>
      {steps.length > 0 ? (
        <Card className="mt-6">
          <h2 className="text-base font-semibold text-slate-900">Getting started</h2>
          <ol className="mt-3 space-y-2">
            {steps.map((s) => (
              <li key={s.href} className="flex items-center gap-3 text-sm">
                <span aria-hidden="true" className={s.done ? "text-emerald-600" : "text-slate-400"}>{s.done ? "✓" : "○"}</span>
                <Link className={s.done ? "text-slate-500 line-through" : "text-brand-700 hover:underline"} href={s.href}>{s.text}</Link>
                <span className="sr-only">{s.done ? "(done)" : "(to do)"}</span>
              </li>
            ))}
          </ol>
        </Card>
      ) : null}
    </>
  );
}
