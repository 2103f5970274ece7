import type { PostureInput, PostureRule } from "../types";
import { notApplicable, passes, fires, list, joinWords, plural } from "./helpers";

/** How far the credential reaches: scopes, audiences, trust zones and the applications using it (DESIGN §5.1). */

/** Scope names that grant everything (DESIGN §5.1 scope-admin), compared case-insensitively. */
export const wildcardScopes: readonly string[] = ["*", ".*", "all"];

export const scopeAdmin: PostureRule = {
  id: "scope-admin",
  title: "Admin or wildcard scope",
  defaultSeverity: "high",
  inputs: ["api.name", "api.scopes"],
  firesWhen: "A grant includes an admin-privilege scope or a wildcard scope (*, .*, all).",
  evaluate(input) {
    if (input.grants.length === 0) return notApplicable;
    const broad = input.grants.flatMap((g) => g.scopes.filter((s) => s.privilege === "admin" || wildcardScopes.includes(s.name.trim().toLowerCase())).map((s) => `${g.apiName}: ${s.name}`));
    return broad.length === 0 ? passes : fires("high", { scopes: broad.sort() });
  },
  explain: (details) => `Granted broad scopes: ${joinWords(list(details.scopes))}.`,
  fix: "Replace admin and wildcard scopes with the narrow scopes the integration needs.",
};

const audiencesOf = (input: PostureInput) => [...new Set(input.grants.map((g) => g.audience))].sort();

export const multiAudience: PostureRule = {
  id: "multi-audience",
  title: "Token valid for several APIs",
  defaultSeverity: "medium",
  inputs: ["api.audience"],
  firesWhen: "The credential is granted to more than one API audience.",
  evaluate(input) {
    if (input.grants.length === 0) return notApplicable;
    const audiences = audiencesOf(input);
    return audiences.length <= 1 ? passes : fires("medium", { audiences });
  },
  explain: (details) => `One token is accepted by ${plural(list(details.audiences).length, "audience")}: ${joinWords(list(details.audiences))}.`,
  fix: "Use one credential per API audience, so one stolen token opens one API.",
};

export const crossTrustZone: PostureRule = {
  id: "cross-trust-zone",
  title: "Spans trust zones",
  defaultSeverity: "high",
  inputs: ["api.trustZone", "application.trustZone"],
  firesWhen: "Granted APIs or using applications span more than one trust zone.",
  evaluate(input) {
    if (input.grants.length === 0 && input.applications.length === 0) return notApplicable;
    const zones = [...new Set([...input.grants.map((g) => g.trustZone), ...input.applications.map((a) => a.trustZone)])].sort();
    return zones.length <= 1 ? passes : fires("high", { trustZones: zones });
  },
  explain: (details) => `This credential reaches across trust zones: ${joinWords(list(details.trustZones))}.`,
  fix: "Issue a separate credential per trust zone.",
};

export const sharedClient: PostureRule = {
  id: "shared-client",
  title: "Shared by several applications",
  defaultSeverity: "medium",
  inputs: ["application.name"],
  firesWhen: "The credential is used by more than one application.",
  evaluate(input) {
    if (input.applications.length === 0) return notApplicable;
    return input.applications.length <= 1 ? passes : fires("medium", { applications: input.applications.map((a) => a.name).sort() });
  },
  explain: (details) => `Used by ${plural(list(details.applications).length, "application")}: ${joinWords(list(details.applications))}.`,
  fix: "Give each application its own client.",
};

export const orphanedAfterRetirement: PostureRule = {
  id: "orphaned-after-retirement",
  title: "Active after its applications retired",
  defaultSeverity: "high",
  inputs: ["application.name", "application.status"],
  firesWhen: "An active credential whose applications are all retired.",
  evaluate(input) {
    if (input.applications.length === 0) return notApplicable;
    if (input.credential.status !== "active") return passes;
    return input.applications.every((a) => a.status === "retired") ? fires("high", { applications: input.applications.map((a) => a.name).sort() }) : passes;
  },
  explain: (details) => `Every application using it is retired (${joinWords(list(details.applications))}), yet the credential is still active.`,
  fix: "Decommission the credential (and disable the client at the authorization server).",
};
