import type { z } from "zod";
import { parseCsv } from "./csv";
import { parseGrantsCell, parseListCell } from "./grants";
import { formatPath, lineOfPath, parseJsonLocated, pathKey, type JsonPath } from "./json-lines";
import { csvColumns, type CsvColumn } from "./full";
import { INVENTORY_FORMAT, recordTypes, sectionOf, type RecordType } from "./model";
import { credentialCsvRecord, recordSchemas, secretMatchKey, type FileRecord } from "./records";
import { findSecretValueFields, isSecretValueField, SECRET_VALUE_MESSAGE } from "./secret-fields";

/**
 * Reading an inventory file (pure): text → one entry per record with its line, its parsed
 * record when the shape is valid, and line-precise issues. Whole-file problems (not JSON, wrong
 * format tag, unknown CSV column) are `fileErrors`: with any of them nothing can be imported.
 */
export type InventoryFormat = "json" | "csv";

export type Issue = { field: string; message: string; line: number };

export type Entry = {
  type: RecordType;
  /** Position in its section (JSON) or data-row number (CSV), from 0. */
  index: number;
  line: number;
  /** The natural key as written (normalised once the record parses). */
  key: string | null;
  file?: FileRecord;
  issues: Issue[];
  /** Line and display name of a field, addressed by its path in the parsed (flat) record. */
  lineOf: (path: JsonPath) => number;
  fieldName: (path: JsonPath) => string;
};

export type ReadResult = {
  format: InventoryFormat;
  fileErrors: Issue[];
  entries: Entry[];
  /** The file's `fingerprintKeyId` (JSON only). */
  fingerprintKeyId: string | null;
};

export type ReadOptions = {
  /** This deployment's fingerprint key id: fingerprints from any other are refused. */
  fingerprintKeyId: string;
};

const TOP_LEVEL_KEYS = new Set(["format", "exportedAt", "fingerprintKeyId", ...Object.values(sectionOf)]);

/** The JSON credential nests its SDK fields under `sdk`; the parsed record is flat. */
const sdkJsonName: Record<string, string> = {
  sdkName: "name",
  sdkVersion: "version",
  sdkOwner: "owner",
  tokenCache: "tokenCache",
  tokenPersistence: "tokenPersistence",
  logsRedactTokens: "logsRedactTokens",
};

function toJsonPath(type: RecordType, path: JsonPath): JsonPath {
  const [head, ...rest] = path;
  if (type === "credential" && typeof head === "string") {
    const inSdk = sdkJsonName[head];
    if (inSdk) return ["sdk", inSdk, ...rest];
  }
  return path;
}

const recordLabel: Record<RecordType, string> = {
  person: "person",
  team: "team",
  authorizationServer: "authorization server",
  api: "API",
  application: "application",
  credential: "credential",
};

/** zod issues → our issues; unknown properties are named one by one. */
function issuesFromZod(error: z.ZodError, type: RecordType, lineOfRaw: (path: JsonPath) => number, nameOf: (path: JsonPath) => string): Issue[] {
  const out: Issue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p === "string" || typeof p === "number");
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const p = [...path, key];
        out.push({ field: nameOf(p), message: `is not a field of ${type === "api" ? "an" : "a"} ${recordLabel[type]} record`, line: lineOfRaw(p) });
      }
    } else {
      out.push({ field: nameOf(path) || "record", message: issue.message, line: lineOfRaw(path) });
    }
  }
  return out;
}

/** Secret values are refused naming the field; the value never leaves this function. */
function withoutSecretFields(raw: unknown, found: readonly JsonPath[]): unknown {
  if (found.length === 0) return raw;
  const copy: unknown = structuredClone(raw);
  for (const path of found) {
    let node: unknown = copy;
    for (const part of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[part];
    const last = path.at(-1);
    if (node && typeof node === "object" && last !== undefined) Reflect.deleteProperty(node, last);
  }
  return copy;
}

/** Checks every file-level rule of a parsed record that needs no database. */
function checkParsed(file: FileRecord, expectedKeyId: string, fileKeyId: string | null, lineOf: (p: JsonPath) => number, nameOf: (p: JsonPath) => string): Issue[] {
  if (file.type !== "credential") return [];
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  (file.record.secrets ?? []).forEach((secret, i) => {
    const match = secretMatchKey(secret);
    const first = seen.get(match);
    if (first !== undefined) {
      issues.push({
        field: nameOf(["secrets", i]),
        message: `repeats ${nameOf(["secrets", first])} (same kind and issuedAt): secrets are matched by kind and issue time`,
        line: lineOf(["secrets", i]),
      });
    } else seen.set(match, i);
    if (secret.fingerprint && fileKeyId !== expectedKeyId) {
      issues.push({
        field: nameOf(["secrets", i, "fingerprint"]),
        message:
          fileKeyId === null
            ? "cannot be checked: the file has no fingerprintKeyId, so it was not exported by this deployment. Remove the fingerprint"
            : `was produced by another deployment (the file's fingerprintKeyId is ${fileKeyId}, this deployment's is ${expectedKeyId}); remove the fingerprint`,
        line: lineOf(["secrets", i, "fingerprint"]),
      });
    }
  });
  return issues;
}

function keyOf(raw: unknown, type: RecordType): string | null {
  if (!raw || typeof raw !== "object") return null;
  const value = (raw as Record<string, unknown>)[type === "person" ? "email" : "key"];
  return typeof value === "string" ? value : null;
}

// --- JSON --------------------------------------------------------------------------------

type Span = { line: number; start: number; end: number };

function readJson(text: string, options: ReadOptions): ReadResult {
  const spans = new Map<string, Span>();
  const parsed = parseJsonLocated(text, {
    locateDepth: 2,
    locate: (path, line, start, end) => spans.set(pathKey(path), { line, start, end }),
  });
  const result: ReadResult = { format: "json", fileErrors: [], entries: [], fingerprintKeyId: null };
  if (!parsed.ok) {
    result.fileErrors.push({ field: "file", message: `is not valid JSON: ${parsed.error.message} (column ${parsed.error.column})`, line: parsed.error.line });
    return result;
  }
  const doc = parsed.value;
  const lineAt = (path: JsonPath) => spans.get(pathKey(path))?.line ?? 1;
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) {
    result.fileErrors.push({ field: "file", message: `must be a JSON object with "format": "${INVENTORY_FORMAT}"`, line: 1 });
    return result;
  }
  const top = doc as Record<string, unknown>;
  if (top.format !== INVENTORY_FORMAT) {
    result.fileErrors.push({ field: "format", message: `must be "${INVENTORY_FORMAT}"`, line: lineAt(["format"]) });
  }
  for (const key of Object.keys(top)) {
    if (!TOP_LEVEL_KEYS.has(key)) result.fileErrors.push({ field: key, message: "is not a part of the inventory format", line: lineAt([key]) });
  }
  if (top.fingerprintKeyId !== undefined && top.fingerprintKeyId !== null && typeof top.fingerprintKeyId !== "string") {
    result.fileErrors.push({ field: "fingerprintKeyId", message: "must be text", line: lineAt(["fingerprintKeyId"]) });
  }
  result.fingerprintKeyId = typeof top.fingerprintKeyId === "string" ? top.fingerprintKeyId : null;
  for (const type of recordTypes) {
    const section = sectionOf[type];
    const items = top[section];
    if (items === undefined) continue;
    if (!Array.isArray(items)) {
      result.fileErrors.push({ field: section, message: "must be a list", line: lineAt([section]) });
      continue;
    }
    items.forEach((raw: unknown, index) => {
      const span = spans.get(pathKey([section, index])) ?? { line: 1, start: 0, end: 0 };
      // Field lines are found on demand, by seeking in just this record (most records need none);
      // nothing is kept per record, so a planned import does not hold a map of every field's line.
      const lineOfRaw = (path: JsonPath): number => lineOfPath(text, path, span.start, span.line) ?? span.line;
      const nameOfRaw = (path: JsonPath) => formatPath(path);
      const entry: Entry = {
        type,
        index,
        line: span.line,
        key: keyOf(raw, type),
        issues: [],
        lineOf: (path) => lineOfRaw(toJsonPath(type, path)),
        fieldName: (path) => nameOfRaw(toJsonPath(type, path)),
      };
      result.entries.push(entry);
      if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
        entry.issues.push({ field: "record", message: `must be an object`, line: span.line });
        return;
      }
      const secretPaths = findSecretValueFields(raw);
      for (const path of secretPaths) entry.issues.push({ field: nameOfRaw(path), message: SECRET_VALUE_MESSAGE, line: lineOfRaw(path) });
      const outcome = recordSchemas[type].safeParse(withoutSecretFields(raw, secretPaths));
      if (!outcome.success) {
        entry.issues.push(...issuesFromZod(outcome.error, type, lineOfRaw, nameOfRaw));
        return;
      }
      const file = { type, record: outcome.data } as FileRecord;
      entry.key = type === "person" ? (outcome.data as { email: string }).email : (outcome.data as { key: string }).key;
      entry.issues.push(...checkParsed(file, options.fingerprintKeyId, result.fingerprintKeyId, entry.lineOf, entry.fieldName));
      if (entry.issues.length === 0) entry.file = file;
    });
  }
  return result;
}

// --- CSV ---------------------------------------------------------------------------------

const csvKnown = new Set<string>(csvColumns);
/** Columns whose blank cell means "leave as it is" (they have no empty value). */
const keepWhenBlank = new Set<string>(["kind", "name", "environment", "status"]);
const numberColumns = new Set<string>(["accessTokenTtlSeconds", "refreshTokenTtlSeconds", "reviewCadenceDays"]);
const listColumns = new Set<string>(["applications", "grantTypes"]);

function readCsv(text: string): ReadResult {
  const result: ReadResult = { format: "csv", fileErrors: [], entries: [], fingerprintKeyId: null };
  const parsed = parseCsv(text);
  if (!parsed.ok) {
    result.fileErrors.push({ field: "file", message: `is not valid CSV: ${parsed.error.message}`, line: parsed.error.line });
    return result;
  }
  const [headerRow, ...rows] = parsed.rows;
  if (!headerRow) {
    result.fileErrors.push({ field: "file", message: "is empty: the first row must name the columns", line: 1 });
    return result;
  }
  const header = headerRow.cells.map((c) => c.trim());
  const secretColumns = new Set<number>();
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (seen.has(name)) result.fileErrors.push({ field: name, message: "is a repeated column", line: headerRow.line });
    seen.add(name);
    if (isSecretValueField(name)) secretColumns.add(i);
    else if (!csvKnown.has(name)) result.fileErrors.push({ field: name || `column ${i + 1}`, message: `is not a column of the credentials CSV (columns: ${csvColumns.join(", ")})`, line: headerRow.line });
  });
  if (!seen.has("key")) result.fileErrors.push({ field: "key", message: "column is required: it is the natural key of each credential", line: headerRow.line });
  if (result.fileErrors.length > 0) return result;

  rows.forEach((row, index) => {
    const entry: Entry = { type: "credential", index, line: row.line, key: null, issues: [], lineOf: () => row.line, fieldName: (path) => String(path[0] ?? "row") };
    result.entries.push(entry);
    if (row.cells.length !== header.length) {
      entry.issues.push({ field: "row", message: `has ${row.cells.length} cells; the header has ${header.length}`, line: row.line });
      return;
    }
    const raw: Record<string, unknown> = {};
    header.forEach((column, i) => {
      const cell = row.cells[i] ?? "";
      if (secretColumns.has(i)) {
        if (cell.trim() !== "") entry.issues.push({ field: column, message: SECRET_VALUE_MESSAGE, line: row.line });
        return;
      }
      const name = column as CsvColumn;
      if (name === "grants") {
        const grants = parseGrantsCell(cell);
        if (grants.ok) raw.grants = grants.grants;
        else entry.issues.push({ field: "grants", message: grants.error, line: row.line });
      } else if (listColumns.has(name)) raw[name] = parseListCell(cell);
      else if (numberColumns.has(name)) raw[name] = /^\s*-?\d+\s*$/.test(cell) ? Number(cell) : cell;
      else if (keepWhenBlank.has(name) && cell.trim() === "") return;
      else raw[name] = cell;
    });
    entry.key = typeof raw.key === "string" ? raw.key.trim().toLowerCase() || null : null;
    const outcome = credentialCsvRecord.safeParse(raw);
    if (!outcome.success) {
      entry.issues.push(...issuesFromZod(outcome.error, "credential", () => row.line, (path) => String(path[0] ?? "row")));
      return;
    }
    entry.key = outcome.data.key;
    if (entry.issues.length === 0) entry.file = { type: "credential", record: outcome.data };
  });
  return result;
}

export function readInventoryFile(text: string, format: InventoryFormat, options: ReadOptions): ReadResult {
  return format === "json" ? readJson(text, options) : readCsv(text);
}
