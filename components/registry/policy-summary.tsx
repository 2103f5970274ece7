import type { ReactNode } from "react";
import { Badge } from "@/components/ui/layout";
import { Any, credentialKindLabel, environmentLabel, formatSeconds, sensitivityLabel } from "./labels";

type PolicyMatch = {
  matchEnvironments: string[] | null;
  matchSensitivities: string[] | null;
  matchKind: string | null;
  matchThirdParty: boolean | null;
};

const list = (values: string[] | null, label: (v: string) => string): ReactNode => (values === null ? <Any /> : values.map(label).join(", "));

/** The match criteria of a policy, one labelled line each; unset criteria read "any". */
export function PolicyMatchSummary({ policy }: { policy: PolicyMatch }) {
  const rows: [string, ReactNode][] = [
    ["Environments", list(policy.matchEnvironments, environmentLabel)],
    ["Sensitivities", list(policy.matchSensitivities, sensitivityLabel)],
    ["Kind", policy.matchKind === null ? <Any /> : credentialKindLabel(policy.matchKind)],
    ["Third party", policy.matchThirdParty === null ? <Any /> : policy.matchThirdParty ? "third-party only" : "first-party only"],
  ];
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-2 gap-y-0.5 text-xs">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-500">{k}</dt>
          <dd className="text-slate-800">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export const ttl = (s: number) => {
  const human = formatSeconds(s);
  return human === `${s} s` ? human : `${s} s (${human})`;
};

export function SecurityApproval({ required }: { required: boolean }) {
  return required ? <Badge tone="amber">Required</Badge> : <span className="text-slate-500">No</span>;
}
