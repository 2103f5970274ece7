"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/dialog";
import { ApiForm } from "@/components/api-form";
import { text } from "@/components/form-data";
import { describedBy, Field, FormMessage, Select } from "@/components/ui/form";
import { Badge, DataTable, EmptyState, Td } from "@/components/ui/layout";
import { SubmitButton } from "@/components/ui/submit-button";
import { useApiForm } from "@/components/use-api-form";
import { CopyField } from "./copy-field";
import { invalidates } from "@/components/query-keys";
import { routes } from "@/lib/api/routes";

export type FeedRow = { id: string; scope: "user" | "team"; teamName: string | null; tokenHint: string; createdAt: string; revokedAt: string | null; lastFetchedAt: string | null };

const fmt = (iso: string | null) => (iso ? new Date(iso).toISOString().slice(0, 16).replace("T", " ") + " UTC" : "Never");

export function CreateFeedForm({ teams }: { teams: { id: string; name: string }[] }) {
  const [scope, setScope] = useState<"user" | "team">("user");
  const form = useApiForm(routes.createCalendarFeed, { invalidates: invalidates.nothing });
  const f = form.fields;
  return (
    <div className="space-y-4">
      <ApiForm label="Create a calendar feed" className="flex flex-wrap items-end gap-3" onSubmit={(data) => form.submit(scope === "team" ? { scope, teamId: text(data, "teamId") } : { scope })}>
        <Field id="feed-scope" label="Feed of" error={f.scope}>
          <Select id="feed-scope" name="scope" value={scope} onChange={(e) => setScope(e.target.value === "team" ? "team" : "user")} {...describedBy("feed-scope", f.scope)}>
            <option value="user">My credentials (owner or backup owner)</option>
            <option value="team" disabled={teams.length === 0}>
              A team&apos;s credentials
            </option>
          </Select>
        </Field>
        {scope === "team" ? (
          <Field id="feed-team" label="Team" error={f.teamId}>
            <Select id="feed-team" name="teamId" defaultValue={teams[0]?.id ?? ""} {...describedBy("feed-team", f.teamId)}>
              {teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </Select>
          </Field>
        ) : null}
        <SubmitButton pending={form.isPending} pendingLabel="Creating…">
          Create feed
        </SubmitButton>
      </ApiForm>
      {form.formError ? <FormMessage>{form.formError}</FormMessage> : null}
      {form.data ? (
        <div className="space-y-2" data-testid="feed-created">
          <FormMessage kind="success">Subscribe to this URL in your calendar app. It is shown only now: Steward keeps only a hash of it.</FormMessage>
          <CopyField id="feed-url" label="Calendar feed URL" value={form.data.url} testId="feed-url" />
        </div>
      ) : null}
    </div>
  );
}

function RevokeButton({ id }: { id: string }) {
  const m = useApiForm(routes.revokeCalendarFeed, { params: { id }, invalidates: invalidates.nothing });
  return (
    <ConfirmDialog
      label="Revoke"
      srLabel="calendar feed"
      title="Revoke this calendar feed"
      description="Calendar apps subscribed to its URL stop receiving due dates. This cannot be undone: create a new feed to subscribe again."
      confirmLabel="Revoke feed"
      pendingLabel="Revoking…"
      pending={m.isPending}
      error={m.formError}
      onConfirm={(close) => m.submit(undefined, { onSuccess: close })}
      testId="feed-revoke"
    />
  );
}

export function FeedTable({ feeds }: { feeds: FeedRow[] }) {
  if (feeds.length === 0) return <EmptyState title="No calendar feeds yet">Create one to see rotation and review due dates in your calendar.</EmptyState>;
  return (
    <DataTable caption="Your calendar feeds" head={["Feed", "URL ends in", "Created", "Last fetched", "Status", ""]}>
      {feeds.map((feed) => (
        <tr key={feed.id} data-testid="feed-row">
          <Td>{feed.scope === "user" ? "My credentials" : `Team: ${feed.teamName ?? "—"}`}</Td>
          <Td className="font-mono">…{feed.tokenHint}</Td>
          <Td>{fmt(feed.createdAt)}</Td>
          <Td>{fmt(feed.lastFetchedAt)}</Td>
          <Td>{feed.revokedAt ? <Badge tone="red">Revoked</Badge> : <Badge tone="green">Active</Badge>}</Td>
          <Td>{feed.revokedAt ? null : <RevokeButton id={feed.id} />}</Td>
        </tr>
      ))}
    </DataTable>
  );
}
