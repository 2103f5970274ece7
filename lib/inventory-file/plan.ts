import { backupOwnerClash } from "@/lib/domain/owners";
import { changedFields, diffSecrets, effectiveCredential } from "./diff";
import type { JsonPath } from "./json-lines";
import { type FullOf } from "./full";
import { credentialPersonFields, credentialTeamFields, recordTypes, requiredOnCreate, type RecordType } from "./model";
import { naturalKeyOf, type FileRecord } from "./records";
import type { Entry, Issue } from "./read";

/**
 * The dry run (pure): file entries + what Steward holds → for every record create / update /
 * unchanged / invalid, with line-precise reasons. The server loads `World` (only the records the
 * file names or refers to) and applies the plan; nothing here touches a database.
 */
export type World = {
  people: Map<string, FullOf["person"]>;
  teams: Map<string, FullOf["team"]>;
  servers: Map<string, FullOf["authorizationServer"]>;
  apis: Map<string, FullOf["api"]>;
  applications: Map<string, FullOf["application"]>;
  credentials: Map<string, FullOf["credential"]>;
  /** Rotation policy keys (policies are settings, not part of the file). */
  policies: Set<string>;
  /** Stored unique values → the key of the record holding them. */
  teamKeyByName: Map<string, string>;
  serverKeyByIssuer: Map<string, string>;
  apiKeyByAudience: Map<string, string>;
  /** `${serverKey}\n${clientId}` → credential key. */
  credentialKeyByClient: Map<string, string>;
  /** For APIs whose scope list the file replaces: stored scope name → keys of credentials granted it. */
  scopeGrants: Map<string, Map<string, string[]>>;
};

export function emptyWorld(): World {
  return {
    people: new Map(),
    teams: new Map(),
    servers: new Map(),
    apis: new Map(),
    applications: new Map(),
    credentials: new Map(),
    policies: new Set(),
    teamKeyByName: new Map(),
    serverKeyByIssuer: new Map(),
    apiKeyByAudience: new Map(),
    credentialKeyByClient: new Map(),
    scopeGrants: new Map(),
  };
}

export type Action = "create" | "update" | "unchanged" | "invalid";

export type PlannedRecord = {
  type: RecordType;
  index: number;
  line: number;
  key: string | null;
  action: Action;
  /** For an update: the properties that change. */
  fields: string[];
  issues: Issue[];
  file?: FileRecord;
};

export type Counts = Record<Action, number>;
export type Plan = { records: PlannedRecord[]; summary: Record<RecordType, Counts> };

const label: Record<RecordType, string> = {
  person: "person",
  team: "team",
  authorizationServer: "authorization server",
  api: "API",
  application: "application",
  credential: "credential",
};

function worldMap(world: World, type: RecordType): Map<string, FullOf[RecordType]> {
  switch (type) {
    case "person":
      return world.people;
    case "team":
      return world.teams;
    case "authorizationServer":
      return world.servers;
    case "api":
      return world.apis;
    case "application":
      return world.applications;
    case "credential":
      return world.credentials;
  }
}

/** Counts of planned records by type and action. */
export function summaryOf(records: readonly PlannedRecord[]): Record<RecordType, Counts> {
  const summary = Object.fromEntries(recordTypes.map((t) => [t, { create: 0, update: 0, unchanged: 0, invalid: 0 }])) as Record<RecordType, Counts>;
  for (const p of records) summary[p.type][p.action]++;
  return summary;
}

export function planImport(entries: readonly Entry[], world: World): Plan {
  const valid = Object.fromEntries(recordTypes.map((t) => [t, new Map<string, FileRecord>()])) as Record<RecordType, Map<string, FileRecord>>;
  const invalidLine = Object.fromEntries(recordTypes.map((t) => [t, new Map<string, number>()])) as Record<RecordType, Map<string, number>>;
  const planned: PlannedRecord[] = [];

  const exists = (type: RecordType, key: string) => valid[type].has(key) || worldMap(world, type).has(key);
  const refIssue = (entry: Entry, path: JsonPath, type: RecordType, key: string): Issue | undefined => {
    if (exists(type, key)) return undefined;
    const bad = invalidLine[type].get(key);
    return {
      field: entry.fieldName(path),
      message: bad !== undefined ? `refers to ${label[type]} "${key}", which is invalid in this file (line ${bad})` : `refers to an unknown ${label[type]} "${key}"`,
      line: entry.lineOf(path),
    };
  };

  // File credentials that replace their grants: a scope they hold may be removed from its API.
  const regranted = new Set<string>();
  for (const e of entries) if (e.file?.type === "credential" && e.file.record.grants !== undefined) regranted.add(e.file.record.key);

  for (const type of recordTypes) {
    const ofType = entries.filter((e) => e.type === type);
    const issues = new Map<Entry, Issue[]>(ofType.map((e) => [e, [...e.issues]]));
    const add = (e: Entry, issue: Issue | undefined) => {
      if (issue) issues.get(e)?.push(issue);
    };
    const parsed = ofType.filter((e): e is Entry & { file: FileRecord } => e.file !== undefined);

    // One record per natural key: the first wins, a repeat is invalid.
    const firstLine = new Map<string, number>();
    for (const e of parsed) {
      const key = naturalKeyOf(e.file);
      const first = firstLine.get(key);
      const keyField = type === "person" ? "email" : "key";
      if (first !== undefined) add(e, { field: keyField, message: `repeats the ${keyField} "${key}" of the record at line ${first}`, line: e.lineOf([keyField]) });
      else firstLine.set(key, e.line);
    }

    // Values that must be unique besides the key, as they will be after the import.
    const unique = (field: string, path: JsonPath, valueOf: (e: Entry & { file: FileRecord }) => string | null, stored: Map<string, string>) => {
      const effective = new Map<string, string | null>();
      for (const e of parsed) effective.set(naturalKeyOf(e.file), valueOf(e));
      const owners = new Map<string, Entry & { file: FileRecord }>();
      for (const e of parsed) {
        const key = naturalKeyOf(e.file);
        const value = valueOf(e);
        if (value === null) continue;
        const other = owners.get(value);
        if (other && naturalKeyOf(other.file) !== key) {
          add(e, { field: e.fieldName(path), message: `is also the ${field} of ${label[type]} "${naturalKeyOf(other.file)}" (line ${other.line})`, line: e.lineOf(path) });
          continue;
        }
        owners.set(value, e);
        const holder = stored.get(value);
        // The stored holder may give the value up in this same file.
        if (holder !== undefined && holder !== key && (!effective.has(holder) || effective.get(holder) === value)) {
          add(e, { field: e.fieldName(path), message: `is already the ${field} of ${label[type]} "${holder}"`, line: e.lineOf(path) });
        }
      }
    };

    if (type === "team") {
      unique("name", ["name"], (e) => (e.file.type === "team" ? (e.file.record.name ?? world.teams.get(e.file.record.key)?.name ?? null) : null), world.teamKeyByName);
    } else if (type === "authorizationServer") {
      unique(
        "issuer URL",
        ["issuerUrl"],
        (e) => (e.file.type === "authorizationServer" ? (e.file.record.issuerUrl ?? world.servers.get(e.file.record.key)?.issuerUrl ?? null) : null),
        world.serverKeyByIssuer,
      );
    } else if (type === "api") {
      unique("audience", ["audience"], (e) => (e.file.type === "api" ? (e.file.record.audience ?? world.apis.get(e.file.record.key)?.audience ?? null) : null), world.apiKeyByAudience);
    } else if (type === "credential") {
      unique(
        "client id on its authorization server",
        ["clientId"],
        (e) => {
          if (e.file.type !== "credential") return null;
          const eff = effectiveCredential(e.file.record, world.credentials.get(e.file.record.key));
          return eff.authorizationServer && eff.clientId ? `${eff.authorizationServer}\n${eff.clientId}` : null;
        },
        world.credentialKeyByClient,
      );
    }

    // References and record-specific rules.
    for (const e of parsed) {
      const f = e.file;
      switch (f.type) {
        case "team":
          (f.record.members ?? []).forEach((email, i) => add(e, refIssue(e, ["members", i], "person", email)));
          break;
        case "api": {
          if (f.record.owningTeam) add(e, refIssue(e, ["owningTeam"], "team", f.record.owningTeam));
          const stored = world.apis.get(f.record.key);
          if (f.record.scopes && stored) {
            const kept = new Set(f.record.scopes.map((s) => s.name));
            for (const scope of stored.scopes) {
              if (kept.has(scope.name)) continue;
              const holders = (world.scopeGrants.get(f.record.key)?.get(scope.name) ?? []).filter((k) => !regranted.has(k));
              if (holders.length > 0) {
                add(e, {
                  field: e.fieldName(["scopes"]),
                  message: `leaves out "${scope.name}", which is still granted to credential ${holders.slice(0, 5).map((k) => `"${k}"`).join(", ")}${holders.length > 5 ? ` and ${holders.length - 5} more` : ""}; remove those grants first (or list their grants in this file)`,
                  line: e.lineOf(["scopes"]),
                });
              }
            }
          }
          break;
        }
        case "application":
          if (f.record.owningTeam) add(e, refIssue(e, ["owningTeam"], "team", f.record.owningTeam));
          break;
        case "credential": {
          const r = f.record;
          for (const field of credentialPersonFields) {
            const v = r[field];
            if (v) add(e, refIssue(e, [field], "person", v));
          }
          for (const field of credentialTeamFields) {
            const v = r[field];
            if (v) add(e, refIssue(e, [field], "team", v));
          }
          const owners = effectiveCredential(r, world.credentials.get(r.key));
          const clash = backupOwnerClash({ ownerId: owners.owner, backupOwnerId: owners.backupOwner }, { ownerId: r.owner, backupOwnerId: r.backupOwner });
          for (const [column, messages] of Object.entries(clash ?? {})) {
            const field = column === "ownerId" ? "owner" : "backupOwner";
            add(e, { field: e.fieldName([field]), message: messages.join("; "), line: e.lineOf([field]) });
          }
          if (r.authorizationServer) add(e, refIssue(e, ["authorizationServer"], "authorizationServer", r.authorizationServer));
          if (r.rotationPolicy && !world.policies.has(r.rotationPolicy)) {
            add(e, { field: e.fieldName(["rotationPolicy"]), message: `refers to an unknown rotation policy "${r.rotationPolicy}"`, line: e.lineOf(["rotationPolicy"]) });
          }
          (r.applications ?? []).forEach((key, i) => add(e, refIssue(e, ["applications", i], "application", key)));
          (r.grants ?? []).forEach((grant, i) => {
            const apiIssue = refIssue(e, ["grants", i, "api"], "api", grant.api);
            if (apiIssue) {
              add(e, apiIssue);
              return;
            }
            const fileApi = valid.api.get(grant.api);
            const scopes = fileApi?.type === "api" && fileApi.record.scopes ? fileApi.record.scopes : (world.apis.get(grant.api)?.scopes ?? []);
            const names = new Set(scopes.map((s) => s.name));
            grant.scopes.forEach((scope, j) => {
              if (!names.has(scope)) {
                add(e, { field: e.fieldName(["grants", i, "scopes", j]), message: `"${scope}" is not a scope of API "${grant.api}"`, line: e.lineOf(["grants", i, "scopes", j]) });
              }
            });
          });
          break;
        }
        default:
          break;
      }
    }

    // Create, update or unchanged.
    for (const e of ofType) {
      const found = issues.get(e) ?? [];
      const base = { type, index: e.index, line: e.line, key: e.key };
      if (!e.file || found.length > 0) {
        planned.push({ ...base, action: "invalid", fields: [], issues: found });
        if (e.key) invalidLine[type].set(e.key, e.line);
        continue;
      }
      const file = e.file;
      const key = naturalKeyOf(file);
      const current = worldMap(world, type).get(key);
      let action: Action;
      let fields: string[] = [];
      if (!current) {
        const record = file.record as Record<string, unknown>;
        for (const field of requiredOnCreate[type]) {
          if (record[field] === undefined || record[field] === null) {
            found.push({ field: e.fieldName([field]), message: `is required to create a new ${label[type]}`, line: e.line });
          }
        }
        action = "create";
      } else {
        fields = changedFields(file, current);
        action = fields.length > 0 ? "update" : "unchanged";
      }
      if (file.type === "credential") {
        const stored = world.credentials.get(key);
        const secrets = file.record.secrets ?? [];
        for (const change of diffSecrets(secrets, stored?.secrets ?? [])) {
          if (change.action === "create" && change.secret.storage === undefined) {
            const i = secrets.indexOf(change.secret);
            found.push({ field: e.fieldName(["secrets", i, "storage"]), message: "is required for a new secret", line: e.lineOf(["secrets", i]) });
          }
        }
        // DESIGN §4.4: a decommissioned credential is kept unchanged as evidence (not even reactivated),
        // and decommissioning is its own step in Steward (reason, confirmation, secrets revoked).
        if (stored?.status === "decommissioned" && action === "update") {
          found.push({ field: e.fieldName(["status"]), message: "the credential is decommissioned and read-only: it is kept unchanged as evidence", line: e.lineOf(["status"]) });
        } else if (stored && stored.status !== "decommissioned" && file.record.status === "decommissioned") {
          found.push({
            field: e.fieldName(["status"]),
            message: "decommission the credential in Steward (Lifecycle → Decommission): its secrets are revoked and a reason recorded",
            line: e.lineOf(["status"]),
          });
        }
      }
      if (found.length > 0) {
        planned.push({ ...base, action: "invalid", fields: [], issues: found });
        invalidLine[type].set(key, e.line);
        continue;
      }
      valid[type].set(key, file);
      planned.push({ ...base, key, action, fields, issues: [], file });
    }
  }

  const summary = summaryOf(planned);
  // Report in file order: by type section, then position.
  return { records: planned, summary };
}
