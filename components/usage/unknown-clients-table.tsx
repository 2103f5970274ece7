import { Link } from "@/components/ui/link";
import { formatDateTime } from "@/components/inventory/labels";
import { Mono } from "@/components/registry/details";
import { Button } from "@/components/ui/button";
import { DataTable, Td } from "@/components/ui/layout";
import type { UnknownClient } from "@/lib/server/usage/reads";

/** "Register" opens the new-credential form with the client id and the matching authorization server filled in. */
export function registerHref(c: Pick<UnknownClient, "clientId" | "serverId">): string {
  const params = new URLSearchParams({ clientId: c.clientId });
  if (c.serverId) params.set("serverId", c.serverId);
  return `/inventory/new?${params.toString()}`;
}

export function UnknownClientsTable({ items, mayRegister }: { items: UnknownClient[]; mayRegister: boolean }) {
  return (
    <DataTable caption="Unknown clients" head={["Client id", "Authorization server", "First seen", "Last seen", "Events", "Audiences", ...(mayRegister ? ["Action"] : [])]}>
      {items.map((c) => (
        <tr key={`${c.issuer} ${c.clientId}`} className="hover:bg-slate-50">
          <Td className="break-all">
            <Mono>{c.clientId}</Mono>
          </Td>
          <Td className="break-all">
            {c.serverId ? (
              <Link className="text-brand-700 hover:underline" href={`/servers/${c.serverId}`}>
                {c.serverName ?? c.issuer}
              </Link>
            ) : (
              <span>
                <Mono>{c.issuer}</Mono> <span className="text-xs text-slate-500">(not in the inventory)</span>
              </span>
            )}
          </Td>
          <Td>{formatDateTime(c.firstSeenAt)}</Td>
          <Td>{formatDateTime(c.lastSeenAt)}</Td>
          <Td>{c.events.toLocaleString("en")}</Td>
          <Td className="break-all">{c.audiences.length === 0 ? <span className="text-slate-500">None reported</span> : c.audiences.join(", ")}</Td>
          {mayRegister ? (
            <Td>
              <Button asChild size="sm" variant="secondary">
                <Link href={registerHref(c)} aria-label={`Register ${c.clientId}`}>
                  Register
                </Link>
              </Button>
            </Td>
          ) : null}
        </tr>
      ))}
    </DataTable>
  );
}
