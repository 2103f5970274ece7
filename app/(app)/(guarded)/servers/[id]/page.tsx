import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DependentCredentialsCard, DetailList, Mono, ValueList } from "@/components/registry/details";
import { ServerForm } from "@/components/registry/server-form";
import { BackLink, Card, EditAction, isEditing, PageHeader } from "@/components/ui/layout";
import { can } from "@/lib/authz/permissions";
import { readServer } from "@/lib/server/inventory/registry-reads";
import { pageRecordId, requirePage } from "@/lib/server/page-guard";
import type { RawSearchParams } from "@/lib/server/search-params";

export const metadata: Metadata = { title: "Authorization server · Steward" };

const url = (v: string | null) => (v ? <Mono>{v}</Mono> : null);

export default async function ServerPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> }) {
  const { actor } = await requirePage("/servers/[id]");
  const id = await pageRecordId(params);
  const read = await readServer(actor, id);
  if (!read) notFound();
  const { server, used } = read;
  const canManage = can(actor.role, "server:manage");
  const editing = canManage && isEditing(await searchParams);
  return (
    <>
      <BackLink href="/servers">Authorization servers</BackLink>
      <PageHeader
        title={server.name}
        description={<Mono>{server.issuerUrl}</Mono>}
        actions={canManage ? <EditAction href={`/servers/${server.id}`} editing={editing} what={server.name} /> : null}
      />
      <Card>
        {editing ? (
          <ServerForm server={server} />
        ) : (
          <DetailList
            items={[
              { label: "Key", value: <Mono>{server.key}</Mono> },
              { label: "Issuer URL", value: url(server.issuerUrl) },
              { label: "Token endpoint", value: url(server.tokenEndpoint) },
              { label: "JWKS URI", value: url(server.jwksUri) },
              { label: "Discovery URL", value: url(server.discoveryUrl) },
              { label: "Trust domain", value: server.trustDomain },
              { label: "Vendor", value: server.vendor },
              { label: "Client authentication methods", value: <ValueList values={server.supportedAuthMethods} /> },
              { label: "Grant types", value: <ValueList values={server.supportedGrantTypes} /> },
            ]}
          />
        )}
      </Card>
      <DependentCredentialsCard title="Credentials using this server" empty="No active credential uses this server." data={used} moreHref={`/inventory?serverId=${server.id}`} />
    </>
  );
}
