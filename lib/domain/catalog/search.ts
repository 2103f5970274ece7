import { controls } from "./frameworks";
import type { Control } from "./types";

/** Letters and digits only, lower case: "PR.AC-4" → "prac4", "NHI-03" → "nhi03". */
const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
/** Also drop leading zeros of numbers, so "NHI-03" and "NHI3" meet: "nhi03" → "nhi3". */
const loose = (s: string) => squash(s).replace(/(^|[a-z])0+(\d)/g, "$1$2");

export type CatalogHit = { control: Control; match: "id" | "alias" | "title" };

/**
 * Finds controls by id, alias or title words (DESIGN §5.2): "PR.AC-4" finds PR.AA-05 (its CSF 2.0
 * successor), "NHI-03", "NHI3" and "nhi3-2025" find NHI3:2025. Exact ids rank before aliases,
 * aliases before title matches.
 */
export function searchCatalog(query: string): CatalogHit[] {
  const q = query.trim();
  if (q === "") return [];
  const key = loose(q);
  const words = q.toLowerCase().split(/\s+/).filter((w) => w.length > 1);
  const hits: CatalogHit[] = [];
  for (const control of controls) {
    const ids = [control.id, control.oscalId, control.id.split(":")[0] ?? control.id];
    if (key !== "" && ids.some((id) => loose(id) === key)) hits.push({ control, match: "id" });
    else if (key !== "" && control.aliases.some((a) => loose(a) === key)) hits.push({ control, match: "alias" });
    else if (words.length > 0 && words.every((w) => `${control.title} ${control.description}`.toLowerCase().includes(w))) hits.push({ control, match: "title" });
  }
  const rank = { id: 0, alias: 1, title: 2 } as const;
  return hits.sort((a, b) => rank[a.match] - rank[b.match]);
}
