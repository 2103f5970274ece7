import type { ReactNode } from "react";
import { Link } from "@/components/ui/link";
import { BackLink, Card, EditAction, PageHeader } from "@/components/ui/layout";
import { DetailList, NotYourRecordNotice } from "./details";

type OwnedRecord = { id: string; name: string; owningTeamId: string | null; owningTeamName: string | null };

/** The details row naming a record's owning team, linked to the team's page. */
export function owningTeamItem(record: OwnedRecord) {
  return {
    label: "Owning team",
    value: record.owningTeamId ? <Link className="text-brand-700 hover:underline" href={`/teams/${record.owningTeamId}`}>{record.owningTeamName}</Link> : null,
  };
}

/**
 * The page of a record that belongs to a team (API, application): its header with the edit action
 * when the viewer may edit it, the edit form or the details (with the notice that a member may edit
 * only their teams' records, DESIGN §2), then what follows both (the credentials that depend on it).
 */
export function TeamRecordView(props: {
  back: { href: string; label: string };
  basePath: string;
  record: OwnedRecord;
  description: ReactNode;
  /** The record's noun in the notice ("API"). */
  what: string;
  mayWrite: boolean;
  editing: boolean;
  /** The edit form; null when the viewer may not edit this record. */
  form: ReactNode;
  details: { label: string; value: ReactNode }[];
  /** What the details show below their card (an API's scopes). */
  more?: ReactNode;
  children: ReactNode;
}) {
  const { record, form, editing } = props;
  return (
    <>
      <BackLink href={props.back.href}>{props.back.label}</BackLink>
      <PageHeader
        title={record.name}
        description={<span className="flex flex-wrap items-center gap-2">{props.description}</span>}
        actions={form ? <EditAction href={`${props.basePath}/${record.id}`} editing={editing} what={record.name} /> : null}
      />
      {form && editing ? (
        <Card>{form}</Card>
      ) : (
        <>
          {props.mayWrite && !form ? <NotYourRecordNotice teamName={record.owningTeamName} what={props.what} /> : null}
          <Card>
            <DetailList items={props.details} />
          </Card>
          {props.more}
        </>
      )}
      {props.children}
    </>
  );
}
