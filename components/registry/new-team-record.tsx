import type { ReactNode } from "react";
import { FormMessage } from "@/components/ui/form";
import { BackLink, Card, PageHeader } from "@/components/ui/layout";
import type { TeamOption } from "./team-select";

/**
 * The page of a new record that belongs to a team (API, application): a member creates only for
 * the teams they belong to, so their form starts on one of them and requires one, and a member of
 * no team is told why they cannot create.
 */
export function NewTeamRecord(props: {
  back: { href: string; label: string };
  title: string;
  /** The plural the member's hint names ("APIs"). */
  plural: string;
  description: string;
  isMember: boolean;
  teams: TeamOption[];
  myTeamIds: string[];
  form: (defaults: { defaultTeamId: string | undefined; requireTeam: boolean }) => ReactNode;
}) {
  const { isMember, teams, myTeamIds } = props;
  return (
    <>
      <BackLink href={props.back.href}>{props.back.label}</BackLink>
      <PageHeader title={props.title} description={isMember ? `You can create ${props.plural} for the teams you belong to.` : props.description} />
      {isMember && myTeamIds.length === 0 ? (
        <div className="mb-4 max-w-3xl">
          <FormMessage kind="info">You do not belong to any team yet, so you cannot create records. Ask an admin or the security team to add you to your team.</FormMessage>
        </div>
      ) : null}
      <Card>{props.form({ defaultTeamId: isMember ? teams.find((t) => myTeamIds.includes(t.id))?.id : undefined, requireTeam: isMember })}</Card>
    </>
  );
}
