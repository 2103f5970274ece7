import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ApiRecordForm } from "@/components/registry/api-record-form";
import { DependentCredentialsCard, Mono } from "@/components/registry/details";
import { privilegeLabels, SensitivityBadge } from "@/components/registry/labels";
import { owningTeamItem, TeamRecordView } from "@/components/registry/team-record-view";
import { withTeam } from "@/components/registry/team-select";
import { Badge, DataTable, EmptyState, isEditing, Td } from "@/components/ui/layout";
import { can } from "@/lib/authz/permissions";
import { pageRecordId, requirePage } from "@/lib/server/page-guard";
import { readApi } from "@/lib/server/inventory/registry-reads";
import type { RawSearchParams } from "@/lib/server/search-params";

export const metadata: Metadata = { title: "API · Steward" };

const privilegeTone = { read: "slate", write: "amber", admin: "red" } as const;

export default async function ApiPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> }) {
  const ctx = await requirePage("/apis/[id]");
  const id = await pageRecordId(params);
  const read = await readApi(ctx, id);
  if (!read) notFound();
  // Members edit only APIs of their teams (DESIGN §2); the server decides again on save.
  const { record: api, used, form } = read;
  const mayWrite = can(ctx.actor.role, "api:write");
  const editing = Boolean(form) && isEditing(await searchParams);
  return (
    <TeamRecordView
      back={{ href: "/apis", label: "APIs & scopes" }}
      basePath="/apis"
      record={api}
      description={<><Mono>{api.audience}</Mono> <SensitivityBadge value={api.sensitivity} /></>}
      what="API"
      mayWrite={mayWrite}
      editing={editing}
      form={form ? <ApiRecordForm api={api} teams={withTeam(form.teams, api.owningTeamId, api.owningTeamName)} myTeamIds={form.myTeamIds} trustZones={form.trustZones} requireTeam={ctx.actor.role === "member"} /> : null}
      details={[
        { label: "Key", value: <Mono>{api.key}</Mono> },
        { label: "Audience", value: <Mono>{api.audience}</Mono> },
        { label: "Trust zone", value: api.trustZone },
        { label: "Sensitivity", value: <SensitivityBadge value={api.sensitivity} /> },
        owningTeamItem(api),
      ]}
      more={
        <>
          <h2 className="mt-6 mb-2 text-base font-semibold text-slate-900">Scopes</h2>
          {api.scopes.length === 0 ? (
            <EmptyState title="No scopes recorded" />
          ) : (
            <DataTable caption={`Scopes of ${api.name}`} head={["Name", "Description", "Privilege"]}>
              {api.scopes.map((s) => (
                <tr key={s.id}>
                  <Td><Mono>{s.name}</Mono></Td>
                  <Td>{s.description ?? <span className="text-slate-500">—</span>}</Td>
                  <Td><Badge tone={privilegeTone[s.privilege]}>{privilegeLabels[s.privilege]}</Badge></Td>
                </tr>
              ))}
            </DataTable>
          )}
        </>
      }
    >
      <DependentCredentialsCard title="Credentials granted this API" empty="No active credential is granted this API." data={used} moreHref={`/inventory?apiId=${api.id}`} />
    </TeamRecordView>
  );
}
