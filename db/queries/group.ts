import "server-only";
/** Rows of a batch query, grouped by the credential they belong to (one map lookup per credential, not a scan). */
export function groupByCredential<T extends { credentialId: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const bucket = map.get(row.credentialId);
    if (bucket) bucket.push(row);
    else map.set(row.credentialId, [row]);
  }
  return map;
}
