import type { PostureInput, PostureRule } from "../types";
import { notApplicable, passes, fires, num, list, joinWords, plural, onDay, activeSecrets, isProduction } from "./helpers";

/** The credential's secrets: expiry, storage, leaks and sharing a fingerprint (DESIGN §5.1). */

/** Storage places that are not a secrets manager (DESIGN §5.1 secret-unmanaged). */
export const unmanagedStorages: readonly string[] = ["source_code", "env_file", "config_file", "ci_variable", "unknown"];

export const secretNoExpiry: PostureRule = {
  id: "secret-no-expiry",
  title: "Secret never expires",
  defaultSeverity: "medium",
  inputs: [],
  firesWhen: "An active secret has no expiry date.",
  evaluate(input) {
    const active = activeSecrets(input);
    if (active.length === 0) return notApplicable;
    const open = active.filter((s) => s.expiresAt === null);
    return open.length === 0 ? passes : fires("medium", { count: open.length });
  },
  explain: (details) => `${num(details.count) === 1 ? "An active secret has" : `${plural(num(details.count), "active secret")} have`} no expiry date, so a leaked copy would work forever.`,
  fix: "Set an expiry on the secret at the authorization server and record it here.",
};

export const secretUnmanaged: PostureRule = {
  id: "secret-unmanaged",
  title: "Secret outside a secrets manager",
  defaultSeverity: "high",
  inputs: [],
  firesWhen: "An active secret is stored in source code, an env file, a config file, a CI variable or an unknown place.",
  evaluate(input) {
    const active = activeSecrets(input);
    if (active.length === 0) return notApplicable;
    const bad = active.filter((s) => unmanagedStorages.includes(s.storage));
    return bad.length === 0 ? passes : fires("high", { storages: [...new Set(bad.map((s) => s.storage))].sort() });
  },
  explain: (details) => `An active secret is kept in ${joinWords(list(details.storages).map((s) => s.replace(/_/g, " ")))}.`,
  fix: "Move the secret into a secrets manager, vault or KMS, and rotate it (the old copy stays where it was).",
};

export const secretLeaked: PostureRule = {
  id: "secret-leaked",
  title: "Leaked secret",
  defaultSeverity: "critical",
  inputs: [],
  firesWhen: "A secret was reported leaked and is not remediated.",
  evaluate(input) {
    if (input.secrets.length === 0) return notApplicable;
    const leaked = input.secrets.filter((s) => (s.leakedAt !== null || s.status === "leaked") && s.remediatedAt === null);
    if (leaked.length === 0) return passes;
    const first = leaked.map((s) => s.leakedAt?.getTime() ?? input.now.getTime()).sort((a, b) => a - b)[0] ?? input.now.getTime();
    return fires("critical", { secretIds: leaked.map((s) => s.id).sort(), leakedAt: new Date(first).toISOString() });
  },
  explain: (details) => `A secret of this credential was reported leaked${onDay(details.leakedAt)} and is not yet rotated away.`,
  fix: "Complete the emergency rotation (or decommission the credential); that remediates the incident.",
};

export const secretReused: PostureRule = {
  id: "secret-reused",
  title: "Secret shared with another credential",
  defaultSeverity: "high",
  inputs: [],
  firesWhen: "An active secret's fingerprint is also on another credential.",
  evaluate(input) {
    if (!activeSecrets(input).some((s) => s.hasFingerprint)) return notApplicable;
    const others = uniqueOthers(input);
    return others.length === 0 ? passes : fires("high", { otherCredentialIds: others.map((o) => o.id), otherCredentialNames: others.map((o) => o.name) });
  },
  explain: (details) => `The same secret is also recorded on ${joinWords(list(details.otherCredentialNames))}.`,
  fix: "Give each credential its own secret: rotate this one (or the others) to a new value.",
};

function uniqueOthers(input: PostureInput): { id: string; name: string; environment: string }[] {
  const seen = new Map<string, { id: string; name: string; environment: string }>();
  for (const m of input.fingerprintMatches) seen.set(m.otherCredentialId, { id: m.otherCredentialId, name: m.otherCredentialName, environment: m.otherEnvironment });
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export const crossEnvironment: PostureRule = {
  id: "cross-environment",
  title: "Used across environments",
  defaultSeverity: "high",
  inputs: ["application.environment"],
  firesWhen: "The same fingerprint is used in production and non-production, or the credential's applications are in different environments.",
  evaluate(input) {
    const hasFingerprint = activeSecrets(input).some((s) => s.hasFingerprint);
    if (!hasFingerprint && input.applications.length === 0) return notApplicable;
    const prod = isProduction(input);
    const crossing = uniqueOthers(input).filter((o) => (o.environment === "production") !== prod);
    const appEnvironments = [...new Set(input.applications.map((a) => a.environment))].sort();
    if (crossing.length === 0 && appEnvironments.length <= 1) return passes;
    return fires("high", {
      otherCredentialIds: crossing.map((o) => o.id),
      otherCredentialNames: crossing.map((o) => `${o.name} (${o.environment})`),
      applicationEnvironments: appEnvironments.length > 1 ? appEnvironments : [],
    });
  },
  explain(details) {
    const parts: string[] = [];
    const names = list(details.otherCredentialNames);
    if (names.length > 0) parts.push(`its secret is also used by ${joinWords(names)}`);
    const envs = list(details.applicationEnvironments);
    if (envs.length > 0) parts.push(`its applications run in ${joinWords(envs)}`);
    return `This credential crosses environments: ${parts.join("; ") || "production and non-production share it"}.`;
  },
  fix: "Issue one credential per environment; never let production and non-production share a secret.",
};
