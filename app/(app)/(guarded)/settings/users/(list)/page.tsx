import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { Button } from "@/components/ui/button";
import { Badge, PageHeader } from "@/components/ui/layout";
import { pageHeaders } from "@/components/page-headers";
import { FilterBar, FilterSelect } from "@/components/ui/list-controls";
import { ListTable, RowLink, urlPager } from "@/components/ui/list-table";
import { can, roleLabels, roles } from "@/lib/authz/permissions";
import { userFilters } from "@/lib/validation/users";
import { readUsers } from "@/lib/server/org-reads";
import { requirePage } from "@/lib/server/page-guard";
import { parseSearchParams, type RawSearchParams } from "@/lib/server/search-params";
import { DateTime } from "@/components/ui/date-time";

export const metadata: Metadata = { title: "Users · Steward" };


export default async function UsersPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { actor } = await requirePage("/settings/users");
  const { values, params } = parseSearchParams(userFilters, await searchParams);
  const page = await readUsers(actor, values);
  const canManage = can(actor.role, "user:manage");
  return (
    <>
      <PageHeader
        {...pageHeaders["/settings/users"]}
        actions={canManage ? <Button asChild><Link href="/settings/users/new">Invite user</Link></Button> : null}
      />
      <FilterBar q={values.q} searchLabel="Search by name or email">
        <FilterSelect id="role" name="role" label="Role" anyLabel="Any role" defaultValue={values.role ?? ""} choices={roles.map((r) => ({ value: r, label: roleLabels[r] }))} />
      </FilterBar>
      <ListTable
        caption="Users"
        columns={[
          { header: "Name", cell: (u) => (canManage ? <RowLink href={`/settings/users/${u.id}`}>{u.name}</RowLink> : u.name) },
          { header: "Email", cell: (u) => u.email },
          { header: "Role", cell: (u) => roleLabels[u.role] },
          { header: "Status", cell: (u) => (!u.isActive ? <Badge tone="red">Deactivated</Badge> : !u.hasPassword ? <Badge tone="amber">Invited</Badge> : <Badge tone="green">Active</Badge>) },
          { header: "Last sign-in", cell: (u) => (u.lastSignInAt ? <DateTime value={u.lastSignInAt} /> : "Never") },
        ]}
        rows={page.items}
        rowKey={(u) => u.id}
        hoverRows
        empty={{ title: "No user matches these filters", children: "Try a different search or clear the filters." }}
        pager={urlPager("/settings/users", params, page.nextCursor, values.cursor)}
      />
    </>
  );
}
