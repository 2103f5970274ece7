import { formatCsvRow } from "./csv";
import { formatGrantsCell, formatListCell } from "./grants";
import { copyFields, credentialClientFields, credentialIdentityFields, csvColumns, type CredentialFull, type CsvColumn, type FullOf } from "./full";
import { INVENTORY_FORMAT, type RecordType } from "./model";

/**
 * Writing the inventory file in pieces (pure): the exporter streams these chunks one page of
 * records at a time, so memory stays flat however large the inventory. Every stored property is
 * written, nulls included, so importing an export reproduces the records exactly.
 */
export type ExportMeta = { exportedAt: string; fingerprintKeyId: string };

/** The JSON shape of a full record (the credential's SDK fields nested under `sdk`). */
export function toFileJson<T extends RecordType>(type: T, record: FullOf[T]): Record<string, unknown> {
  if (type !== "credential") return { ...record };
  const c = record as CredentialFull;
  return {
    ...copyFields(c, credentialIdentityFields),
    authorizationServer: c.authorizationServer,
    ...copyFields(c, credentialClientFields),
    applications: c.applications,
    owner: c.owner,
    backupOwner: c.backupOwner,
    owningTeam: c.owningTeam,
    identityGovernanceTeam: c.identityGovernanceTeam,
    platformTeam: c.platformTeam,
    rotationOwner: c.rotationOwner,
    revocationOwner: c.revocationOwner,
    breakGlassProcedure: c.breakGlassProcedure,
    sdk: {
      name: c.sdkName,
      version: c.sdkVersion,
      owner: c.sdkOwner,
      tokenCache: c.tokenCache,
      tokenPersistence: c.tokenPersistence,
      logsRedactTokens: c.logsRedactTokens,
    },
    reviewCadenceDays: c.reviewCadenceDays,
    lastReviewedAt: c.lastReviewedAt,
    rotationPolicy: c.rotationPolicy,
    grants: c.grants,
    secrets: c.secrets,
  };
}

export function jsonHeader(meta: ExportMeta): string {
  return `{\n  "format": ${JSON.stringify(INVENTORY_FORMAT)},\n  "exportedAt": ${JSON.stringify(meta.exportedAt)},\n  "fingerprintKeyId": ${JSON.stringify(meta.fingerprintKeyId)}`;
}

export function jsonSectionStart(section: string): string {
  return `,\n  ${JSON.stringify(section)}: [`;
}

/** One record, indented to sit inside its section; `first` decides the leading comma. */
export function jsonRecord(record: Record<string, unknown>, first: boolean): string {
  const body = JSON.stringify(record, null, 2).replace(/\n/g, "\n    ");
  return `${first ? "" : ","}\n    ${body}`;
}

export function jsonSectionEnd(empty: boolean): string {
  return empty ? "]" : "\n  ]";
}

export const jsonFooter = "\n}\n";

export function csvHeader(): string {
  return formatCsvRow(csvColumns);
}

function csvCell(c: CredentialFull, column: CsvColumn): string {
  switch (column) {
    case "grants":
      return formatGrantsCell(c.grants);
    case "applications":
    case "grantTypes":
      return formatListCell(c[column]);
    default: {
      const value = c[column];
      return value === null ? "" : String(value);
    }
  }
}

export function csvRow(c: CredentialFull): string {
  return formatCsvRow(csvColumns.map((column) => csvCell(c, column)));
}
