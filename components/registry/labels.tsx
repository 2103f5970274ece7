import { Badge } from "@/components/ui/layout";
import type { applicationStatuses, credentialKinds, environments, scopePrivileges, sensitivities } from "@/lib/validation/inventory";

type Sensitivity = (typeof sensitivities)[number];
type Environment = (typeof environments)[number];

export const sensitivityLabels: Record<Sensitivity, string> = { low: "Low", moderate: "Moderate", high: "High", critical: "Critical" };
const sensitivityTones = { low: "slate", moderate: "blue", high: "amber", critical: "red" } as const;

export const environmentLabels: Record<Environment, string> = {
  production: "Production",
  staging: "Staging",
  development: "Development",
  test: "Test",
};

export const privilegeLabels: Record<(typeof scopePrivileges)[number], string> = { read: "Read", write: "Write", admin: "Admin" };

export const applicationStatusLabels: Record<(typeof applicationStatuses)[number], string> = { active: "Active", retired: "Retired" };

export const credentialKindLabels: Record<(typeof credentialKinds)[number], string> = {
  oauth_client: "OAuth client",
  api_key: "API key",
  service_account_key: "Service account key",
  certificate: "Certificate",
  personal_access_token: "Personal access token",
};

const label = <T extends string>(labels: Record<T, string>, value: string) => (value in labels ? labels[value as T] : value);
export const environmentLabel = (v: string) => label(environmentLabels, v);
export const sensitivityLabel = (v: string) => label(sensitivityLabels, v);
export const credentialKindLabel = (v: string) => label(credentialKindLabels, v);

export function SensitivityBadge({ value }: { value: string }) {
  const tone = value in sensitivityTones ? sensitivityTones[value as Sensitivity] : "slate";
  return <Badge tone={tone}>{sensitivityLabel(value)}</Badge>;
}

export function YesNo({ value, yes = "Yes", no = "No" }: { value: boolean; yes?: string; no?: string }) {
  return value ? <Badge tone="blue">{yes}</Badge> : <span className="text-slate-500">{no}</span>;
}

/** "Any" for an unset match criterion (DESIGN §4.1: any criterion may be "any"). */
export function Any() {
  return <span className="text-slate-500 italic">any</span>;
}

export const formatSeconds = (s: number) => {
  if (s % 86_400 === 0) return `${s / 86_400} d`;
  if (s % 3600 === 0) return `${s / 3600} h`;
  if (s >= 60 && s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
};
