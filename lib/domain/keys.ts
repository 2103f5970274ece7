/** Natural keys (DESIGN §8.2): lower-case letters, digits, dots, dashes and underscores. */
export const KEY_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/** A key from a display name: "CRM Integrations (EU)" → "crm-integrations-eu". */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100)
    .replace(/-+$/g, "");
  return slug || "item";
}
