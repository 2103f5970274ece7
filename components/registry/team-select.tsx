import type { ComponentProps } from "react";
import { Select } from "@/components/ui/form";

export type TeamOption = { id: string; name: string };

/**
 * The owning-team select. When the signed-in person belongs to teams, those come first: members
 * may create records only for their own teams (DESIGN §2).
 */
export function TeamSelect({
  teams,
  myTeamIds = [],
  noneLabel = "No owning team",
  ...props
}: ComponentProps<"select"> & { teams: TeamOption[]; myTeamIds?: readonly string[]; noneLabel?: string | null }) {
  const mine = new Set(myTeamIds);
  const own = teams.filter((t) => mine.has(t.id));
  const others = teams.filter((t) => !mine.has(t.id));
  const options = (list: TeamOption[]) =>
    list.map((t) => (
      <option key={t.id} value={t.id}>
        {t.name}
      </option>
    ));
  return (
    <Select {...props}>
      {noneLabel !== null ? <option value="">{noneLabel}</option> : null}
      {own.length > 0 ? (
        <>
          <optgroup label="Your teams">{options(own)}</optgroup>
          {others.length > 0 ? <optgroup label="Other teams">{options(others)}</optgroup> : null}
        </>
      ) : (
        options(others)
      )}
    </Select>
  );
}

/** The options plus the record's current team, should the option list have been capped without it. */
export function withTeam(teams: TeamOption[], id: string | null, name: string | null): TeamOption[] {
  if (!id || teams.some((t) => t.id === id)) return teams;
  return [...teams, { id, name: name ?? id }].sort((a, b) => a.name.localeCompare(b.name));
}
