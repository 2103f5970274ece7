import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { HoldingsList } from "@/components/queue/holdings-list";
import { Button } from "@/components/ui/button";
import { PersonForm } from "@/components/org/person-form";
import { DetailList } from "@/components/registry/details";
import { BackLink, Badge, Card, EditAction, isEditing, PageHeader } from "@/components/ui/layout";
import { can } from "@/lib/authz/permissions";
import { readPerson } from "@/lib/server/org-reads";
import { pageRecordId, requirePage } from "@/lib/server/page-guard";
import type { RawSearchParams } from "@/lib/server/search-params";

export const metadata: Metadata = { title: "Person · Steward" };

export default async function PersonPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> }) {
  const { actor } = await requirePage("/people/[id]");
  const id = await pageRecordId(params);
  const read = await readPerson(actor, id);
  if (!read) notFound();
  const { person, teams, holdings, access } = read;
  const mayReassign = can(actor.role, "ownership:manage") && holdings.total > 0;
  const mayEdit = can(actor.role, "person:manage");
  const editing = mayEdit && isEditing(await searchParams);
  const status = person.isActive ? <Badge tone="green">Active</Badge> : <Badge>Left the organisation</Badge>;
  return (
    <>
      <BackLink href="/people">People</BackLink>
      <PageHeader title={person.name} description={person.email} actions={
          <>
            {status}
            {mayEdit ? <EditAction href={`/people/${id}`} editing={editing} what={person.name} /> : null}
            {mayReassign ? (
              <Button asChild variant="secondary">
                <Link href={`/people/${id}/reassign`}>Reassign ownership</Link>
              </Button>
            ) : null}
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Card>
          {editing ? (
            <PersonForm person={person} {...(access ? { departure: { credentials: holdings.total, access } } : {})} />
          ) : (
            <DetailList
              items={[
                { label: "Name", value: person.name },
                { label: "Email", value: person.email },
              ]}
            />
          )}
        </Card>
        <Card>
          <h2 className="text-sm font-semibold text-slate-800">Teams</h2>
          {teams.length === 0 ? (
            <p className="mt-2 text-sm text-slate-500">Not in any team.</p>
          ) : (
            <ul className="mt-2 space-y-1 text-sm">
              {teams.map((t) => (
                <li key={t.id}><Link className="text-brand-700 hover:underline" href={`/teams/${t.id}`}>{t.name}</Link></li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <Card className="mt-6">
        <h2 className="text-sm font-semibold text-slate-800">Credentials held</h2>
        <HoldingsList holdings={holdings} personName={person.name} limit={50} />
      </Card>
    </>
  );
}
