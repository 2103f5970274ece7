import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * One road for every write (issue 19 §1): the inventory and org tables are written only by the
 * command modules (lib/server/commands), so REST, import, demo, scheduler and lifecycle writes all
 * validate, audit and refresh the same way. A second hand-written path fails here, naming the line.
 */
const root = path.resolve(__dirname, "../../..");

const tables = {
  teams: "teams",
  people: "people",
  teamMembers: "team_members",
  authorizationServers: "authorization_servers",
  apis: "apis",
  apiScopes: "api_scopes",
  applications: "applications",
  credentials: "credentials",
  credentialApplications: "credential_applications",
  credentialGrants: "credential_grants",
  credentialGrantScopes: "credential_grant_scopes",
  secrets: "secrets",
};
const schemaNames = Object.keys(tables).join("|");
const sqlNames = Object.values(tables).join("|");

/** drizzle's `.insert(people)`, `.update(secrets)`, `.delete(teamMembers)` … */
const drizzleWrite = new RegExp(`\\.(insert|update|delete)\\(\\s*(${schemaNames})\\s*\\)`);
/** raw SQL: `insert into people`, `update credentials`, `delete from secrets`, `update ${credentials}` … */
const sqlWrite = new RegExp(`\\b(insert\\s+into|update|delete\\s+from)\\s+("?(${sqlNames})"?\\b|\\$\\{\\s*(${schemaNames})\\s*\\})`, "i");

/** The writers allowed, each with its reason. */
const allowed: Record<string, string> = {
  "lib/server/commands/": "the command modules: the one writer of each aggregate",
  "lib/server/inventory/due.ts": "derived due-date columns, recomputed by the shared refresh the commands register for",
  "scripts/bench/": "benchmark seeding of a throwaway database (like tests)",
  "scripts/fault/": "fault-injection harness on a private cluster (like tests)",
};

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mjs)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join("/"));
}

function offending(files: readonly string[]): string[] {
  return files
    .filter((file) => !Object.keys(allowed).some((prefix) => file.startsWith(prefix)))
    .flatMap((file) =>
      readFileSync(path.join(root, file), "utf8")
        .split("\n")
        .flatMap((line, i) => (drizzleWrite.test(line) || sqlWrite.test(line) ? [`${file}:${String(i + 1)}: ${line.trim()}`] : [])),
    );
}

describe("[COMMANDS] one road for every write", () => {
  it("no file outside the command modules inserts, updates or deletes inventory or org tables", () => {
    expect(offending(["app", "components", "lib", "db", "scripts", "instrumentation.ts", "proxy.ts"].flatMap((d) => (d.endsWith(".ts") ? [d] : sources(d))))).toEqual([]);
  });

  it("the patterns catch what they are for, and not reads", () => {
    const writes = [
      "await tx.insert(people).values(input)",
      "await tx.update(credentials).set({ status })",
      "  .delete(teamMembers)",
      "await sql`insert into people (email, name) values (...)`",
      "update credentials set owner_id = $1",
      "DELETE FROM credential_grants where id = $1",
      "update ${credentials} set rotation_due_at = x",
    ];
    for (const w of writes) expect(drizzleWrite.test(w) || sqlWrite.test(w), w).toBe(true);
    const reads = ["await tx.select().from(credentials)", "tx.insert(leakIncidents).values(x)", "update rotation_requests set state = 'x'", "people who update their teams"];
    for (const r of reads) expect(drizzleWrite.test(r) || sqlWrite.test(r), r).toBe(false);
  });
});
