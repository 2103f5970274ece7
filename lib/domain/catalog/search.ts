import { controls, frameworkById } from "./frameworks";
import type { Control } from "./types";

/** Letters and digits only, lower case: "PR.AC-4" → "prac4", "NHI-03" → "nhi03". */
const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
/** Also drop leading zeros of numbers, so "NHI-03" and "NHI3" meet: "nhi03" → "nhi3". */
const loose = (s: string) => squash(s).replace(/(^|[a-z])0+(\d)/g, "$1$2");

/** `note` says, for an alias hit, what the alias is and where it leads (DESIGN §5.2, issue 15). */
export type CatalogHit = { control: Control; match: "id" | "alias" | "title"; note?: string };

/**
 * What people who cite an OWASP id by a loose alias usually mean instead (reference/controls.md §0):
 * "NHI-03" is quoted for rotation, which OWASP files under NHI7:2025.
 */
const usuallyMeant: Partial<Record<string, string>> = { "NHI3:2025": "rotation is NHI7:2025 Long-Lived Secrets" };

function aliasNote(control: Control, alias: string): string {
  if (control.framework === "nist-csf-2.0") return `${alias} (CSF 1.1) maps to ${control.id} in CSF 2.0`;
  const meant = usuallyMeant[control.id];
  return `${alias} is ${control.id} ${control.title}${meant ? `; ${meant}` : ""}`;
}

/**
 * Finds controls by id, alias, or words of the title, description or framework name (DESIGN §5.2):
 * "PR.AC-4" finds PR.AA-05 (its CSF 2.0 successor), "NHI-03", "NHI3" and "nhi3-2025" find NHI3:2025,
 * "zero trust" finds the SP 800-207 tenets. Exact ids rank before aliases, aliases before words.
 */
export function searchCatalog(query: string): CatalogHit[] {
  const q = query.trim();
  if (q === "") return [];
  const key = loose(q);
  const words = q.toLowerCase().split(/\s+/).filter((w) => w.length > 1);
  const hits: CatalogHit[] = [];
  for (const control of controls) {
    const ids = [control.id, control.oscalId, control.id.split(":")[0] ?? control.id];
    // A hit on anything but the control's own id as written ("NHI-03", "PR.AC-4") gets a note.
    const exact = [control.id, control.oscalId].some((id) => squash(id) === squash(q));
    const framework = frameworkById.get(control.framework);
    const haystack = `${control.title} ${control.description} ${framework?.name ?? ""} ${framework?.shortName ?? ""}`.toLowerCase();
    if (key !== "" && ids.some((id) => loose(id) === key)) hits.push({ control, match: "id", ...(exact ? {} : { note: aliasNote(control, q) }) });
    else if (key !== "" && control.aliases.some((a) => loose(a) === key)) hits.push({ control, match: "alias", note: aliasNote(control, q) });
    else if (words.length > 0 && words.every((w) => haystack.includes(w))) hits.push({ control, match: "title" });
  }
  const rank = { id: 0, alias: 1, title: 2 } as const;
  return hits.sort((a, b) => rank[a.match] - rank[b.match]);
}
