/**
 * Comparing a finding's stored details with a fresh evaluation (DESIGN §5.1): a finding is only
 * "updated" (and audited) when what it says changed, not when jsonb reordered its keys or the clock
 * moved a day count.
 */
/** Details that move with the clock alone; a change in them alone is not a change of the finding. */
const volatileDetails = new Set(["daysLate"]);

/** JSON with every object's keys sorted (jsonb stores keys in its own order) and lists of strings as sets. */
const canonical = (value: unknown): string => {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    return `[${(value.every((x) => typeof x === "string") ? items.sort() : items).join(",")}]`;
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return value === undefined ? "null" : JSON.stringify(value);
};

/** Details compared by value: canonical JSON with the clock-driven keys left out. */
export const stableKey = (details: unknown) =>
  canonical(
    typeof details === "object" && details !== null && !Array.isArray(details)
      ? Object.fromEntries(Object.entries(details as Record<string, unknown>).filter(([k]) => !volatileDetails.has(k)))
      : {},
  );
