import { AlertTriangle } from "lucide-react";
import { Link } from "@/components/ui/link";
import type { ReactNode } from "react";
import { Badge, Card } from "@/components/ui/layout";
import { BucketBadge, CredentialStatusBadge } from "./badges";
import {
  authMethodLabels,
  environmentLabels,
  formatDate,
  formatDateTime,
  formatSeconds,
  grantTypeLabels,
  kindLabels,
  labelOf,
  statusLabels,
  tokenCacheLabels,
  triStateLabels,
} from "./labels";
import type { DueBucket } from "./types";

type Ref = { id: string; name: string } | null;
export type PersonRef = { id: string; name: string; isActive: boolean } | null;

export type OverviewData = {
  key: string;
  kind: string;
  description: string | null;
  environment: string;
  status: string;
  createdAt: string;
  updatedAt: string;
  clientId: string | null;
  authorizationServer: Ref;
  tokenEndpoint: string | null;
  tokenEndpointIsDefault: boolean;
  grantTypes: string[];
  clientAuthMethod: string | null;
  accessTokenTtlSeconds: number | null;
  refreshTokenTtlSeconds: number | null;
  owner: PersonRef;
  backupOwner: PersonRef;
  rotationOwner: PersonRef;
  rotationOwnerIsDefault: boolean;
  revocationOwner: PersonRef;
  revocationOwnerIsDefault: boolean;
  sdkOwner: PersonRef;
  owningTeam: Ref;
  identityGovernanceTeam: Ref;
  platformTeam: Ref;
  breakGlassProcedure: string | null;
  sdkName: string | null;
  sdkVersion: string | null;
  tokenCache: string;
  tokenPersistence: string | null;
  logsRedactTokens: string;
  reviewCadenceDays: number | null;
  lastReviewedAt: string | null;
  rotationDueAt: string | null;
  reviewDueAt: string | null;
  rotationBucket: DueBucket;
  reviewBucket: DueBucket;
  policy: {
    id: string;
    name: string;
    overridden: boolean;
    maxSecretAgeDays: number;
    reviewCadenceDays: number;
    maxAccessTokenTtlSeconds: number;
    approvalsRequired: number;
    securityApprovalRequired: boolean;
  } | null;
  activeSecretCount: number;
};

function Dl({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[minmax(9rem,auto)_1fr]">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="font-medium text-slate-500">{term}</dt>
          <dd className="min-w-0 break-words text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const none = <span className="text-slate-500">Not set</span>;

function Person({ person, note }: { person: PersonRef; note?: string | undefined }) {
  if (!person) return none;
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Link className="text-brand-700 hover:underline" href={`/people/${person.id}`}>
        {person.name}
      </Link>
      {note ? <span className="text-xs text-slate-500">{note}</span> : null}
      {person.isActive ? null : <Badge tone="red">Inactive — left the organisation</Badge>}
    </span>
  );
}

function Team({ team }: { team: Ref }) {
  if (!team) return none;
  return (
    <Link className="text-brand-700 hover:underline" href={`/teams/${team.id}`}>
      {team.name}
    </Link>
  );
}

function Due({ at, bucket }: { at: string | null; bucket: DueBucket }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      {at ? formatDate(at) : "No date"} <BucketBadge bucket={bucket} />
    </span>
  );
}

const isUrl = (v: string) => /^https?:\/\/\S+$/.test(v);

/** Warnings a reader should see first: gaps in accountability and settings outside the policy. */
function warningsOf(d: OverviewData): string[] {
  const w: string[] = [];
  if (!d.owner) w.push("No owner: nobody is accountable for this credential.");
  else if (!d.owner.isActive) w.push(`The owner, ${d.owner.name}, has left the organisation: assign a new owner.`);
  if (!d.backupOwner) w.push("No backup owner: escalations have nobody to go to.");
  else if (!d.backupOwner.isActive) w.push(`The backup owner, ${d.backupOwner.name}, has left the organisation.`);
  for (const [role, p] of [["rotation owner", d.rotationOwner], ["revocation owner", d.revocationOwner], ["SDK owner", d.sdkOwner]] as const) {
    if (p && !p.isActive && p.id !== d.owner?.id) w.push(`The ${role}, ${p.name}, has left the organisation.`);
  }
  if (!d.owningTeam) w.push("No owning team.");
  if (d.policy && d.accessTokenTtlSeconds !== null && d.accessTokenTtlSeconds > d.policy.maxAccessTokenTtlSeconds) {
    w.push(`Access tokens live ${String(d.accessTokenTtlSeconds)} s, longer than the policy's maximum of ${String(d.policy.maxAccessTokenTtlSeconds)} s.`);
  }
  if (d.status === "active" && d.activeSecretCount === 0 && d.kind !== "certificate") w.push("No active secret is recorded, so no rotation date can be computed.");
  return w;
}

/** `risk`: the status banner (./risk-banner), first thing on the Overview. */
export function OverviewPanel({ d, risk }: { d: OverviewData; risk?: ReactNode }) {
  const warnings = warningsOf(d);
  return (
    <div className="space-y-6">
      {risk}
      {warnings.length > 0 ? (
        <div role="note" aria-label="Attention" className="rounded-lg border border-amber-200 bg-amber-50 p-4">
          <p className="mb-2 flex items-center gap-2 text-sm font-semibold text-amber-900">
            <AlertTriangle className="h-4 w-4" aria-hidden="true" /> Needs attention
          </p>
          <ul className="list-disc space-y-1 pl-6 text-sm text-amber-900" data-testid="overview-warnings">
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="mb-4 text-sm font-semibold text-slate-800">Identity</h2>
          <Dl
            rows={[
              ["Key", <code key="k" className="break-all text-xs">{d.key}</code>],
              ["Kind", labelOf(kindLabels, d.kind)],
              ["Environment", labelOf(environmentLabels, d.environment)],
              ["Status", <CredentialStatusBadge key="s" status={d.status} label={labelOf(statusLabels, d.status)} />],
              ["Description", d.description ? <span className="whitespace-pre-line">{d.description}</span> : none],
              ["Created", formatDateTime(d.createdAt)],
              ["Updated", formatDateTime(d.updatedAt)],
            ]}
          />
        </Card>
        <Card>
          <h2 className="mb-4 text-sm font-semibold text-slate-800">Rotation and review</h2>
          <Dl
            rows={[
              ["Rotation due", <Due key="r" at={d.rotationDueAt} bucket={d.rotationBucket} />],
              ["Review due", <Due key="v" at={d.reviewDueAt} bucket={d.reviewBucket} />],
              ["Last reviewed", d.lastReviewedAt ? formatDate(d.lastReviewedAt) : <span className="text-slate-500">Never</span>],
              [
                "Review cadence",
                d.reviewCadenceDays !== null ? `${String(d.reviewCadenceDays)} days (override)` : d.policy ? `${String(d.policy.reviewCadenceDays)} days (from policy)` : none,
              ],
              [
                "Effective policy",
                d.policy ? (
                  <span className="space-y-1">
                    <span className="flex flex-wrap items-center gap-2">
                      <Link className="text-brand-700 hover:underline" href={`/policies/${d.policy.id}`}>
                        {d.policy.name}
                      </Link>
                      <Badge tone={d.policy.overridden ? "amber" : "slate"}>{d.policy.overridden ? "Chosen explicitly" : "Matched"}</Badge>
                    </span>
                    <span className="block text-xs text-slate-600">
                      Secrets at most {d.policy.maxSecretAgeDays} days old · review every {d.policy.reviewCadenceDays} days · access tokens at most {d.policy.maxAccessTokenTtlSeconds} s ·{" "}
                      {d.policy.approvalsRequired} approval{d.policy.approvalsRequired === 1 ? "" : "s"}
                      {d.policy.securityApprovalRequired ? " incl. security" : ""}
                    </span>
                  </span>
                ) : (
                  <span className="text-slate-500">No policy matches</span>
                ),
              ],
            ]}
          />
        </Card>
        <Card>
          <h2 className="mb-4 text-sm font-semibold text-slate-800">OAuth</h2>
          <Dl
            rows={[
              ["Client id", d.clientId ? <code key="c" className="break-all text-xs">{d.clientId}</code> : none],
              ["Authorization server", d.authorizationServer ? <Link key="a" className="text-brand-700 hover:underline" href={`/servers/${d.authorizationServer.id}`}>{d.authorizationServer.name}</Link> : none],
              [
                "Token endpoint",
                d.tokenEndpoint ? (
                  <span className="break-all">
                    {d.tokenEndpoint}
                    {d.tokenEndpointIsDefault ? <span className="ml-2 text-xs text-slate-500">(the server&apos;s)</span> : null}
                  </span>
                ) : (
                  none
                ),
              ],
              [
                "Grant types",
                d.grantTypes.length ? (
                  <span className="flex flex-wrap gap-1">
                    {d.grantTypes.map((g) => (
                      <Badge key={g} tone={g === "password" || g === "implicit" ? "red" : "slate"}>
                        {labelOf(grantTypeLabels, g)}
                      </Badge>
                    ))}
                  </span>
                ) : (
                  none
                ),
              ],
              ["Client authentication", d.clientAuthMethod ? labelOf(authMethodLabels, d.clientAuthMethod) : none],
              ["Access-token TTL", d.accessTokenTtlSeconds !== null ? formatSeconds(d.accessTokenTtlSeconds) : none],
              ["Refresh-token TTL", d.refreshTokenTtlSeconds !== null ? formatSeconds(d.refreshTokenTtlSeconds) : none],
            ]}
          />
        </Card>
        <Card>
          <h2 className="mb-4 text-sm font-semibold text-slate-800">Accountability</h2>
          <Dl
            rows={[
              ["Owner", <Person key="o" person={d.owner} />],
              ["Backup owner", <Person key="b" person={d.backupOwner} />],
              ["Owning team", <Team key="t" team={d.owningTeam} />],
              ["Identity governance", <Team key="i" team={d.identityGovernanceTeam} />],
              ["Platform team", <Team key="p" team={d.platformTeam} />],
              ["Rotation owner", <Person key="r" person={d.rotationOwner} note={d.rotationOwnerIsDefault ? "(the owner, by default)" : undefined} />],
              ["Revocation owner", <Person key="v" person={d.revocationOwner} note={d.revocationOwnerIsDefault ? "(the owner, by default)" : undefined} />],
              [
                "Break-glass procedure",
                d.breakGlassProcedure ? (
                  isUrl(d.breakGlassProcedure) ? (
                    <a key="g" className="break-all text-brand-700 hover:underline" href={d.breakGlassProcedure} rel="noreferrer noopener" target="_blank">
                      {d.breakGlassProcedure}
                    </a>
                  ) : (
                    <span className="whitespace-pre-line">{d.breakGlassProcedure}</span>
                  )
                ) : (
                  none
                ),
              ],
            ]}
          />
        </Card>
        <Card>
          <h2 className="mb-4 text-sm font-semibold text-slate-800">SDK and token handling</h2>
          <Dl
            rows={[
              ["SDK", d.sdkName ? `${d.sdkName}${d.sdkVersion ? ` ${d.sdkVersion}` : ""}` : none],
              ["SDK owner", <Person key="s" person={d.sdkOwner} />],
              ["Token cache", labelOf(tokenCacheLabels, d.tokenCache)],
              ["Where tokens persist", d.tokenPersistence ?? none],
              [
                "Logs redact tokens",
                <Badge key="l" tone={d.logsRedactTokens === "yes" ? "green" : d.logsRedactTokens === "no" ? "red" : "slate"}>
                  {labelOf(triStateLabels, d.logsRedactTokens)}
                </Badge>,
              ],
            ]}
          />
        </Card>
      </div>
    </div>
  );
}
