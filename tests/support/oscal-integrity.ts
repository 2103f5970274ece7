/**
 * A referential-integrity checker for Steward's OSCAL exports (issue 15): walks an OSCAL JSON document
 * and resolves every uuid reference, role id, `#fragment` and relative href, every catalog resource,
 * every implemented-requirement / reviewed control-id and every finding target against the document
 * itself, the files beside it (an evidence pack) and the catalogs it names (embedded as base64, or
 * local copies of NIST's keyed by their pinned href). References into a catalog that is named but not
 * available locally are returned as `unverifiable`, never silently passed.
 */
export type CatalogIndex = { controlIds: Set<string>; partIds: Set<string> };
export type IntegrityReport = { problems: string[]; unverifiable: string[] };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export function catalogIndexFromJson(doc: unknown): CatalogIndex {
  const index: CatalogIndex = { controlIds: new Set(), partIds: new Set() };
  const parts = (list: Json | undefined) => {
    for (const p of Array.isArray(list) ? list : []) if (isObj(p)) {
      if (typeof p.id === "string") index.partIds.add(p.id);
      parts(p.parts);
    }
  };
  const controls = (list: Json | undefined) => {
    for (const c of Array.isArray(list) ? list : []) if (isObj(c)) {
      if (typeof c.id === "string") index.controlIds.add(c.id);
      parts(c.parts);
      controls(c.controls);
    }
  };
  const groups = (list: Json | undefined) => {
    for (const g of Array.isArray(list) ? list : []) if (isObj(g)) {
      controls(g.controls);
      groups(g.groups);
    }
  };
  const catalog = isObj(doc) && isObj(doc.catalog) ? doc.catalog : {};
  controls(catalog.controls);
  groups(catalog.groups);
  return index;
}

export function catalogIndexFromXml(xml: string): CatalogIndex {
  return {
    controlIds: new Set([...xml.matchAll(/<control\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1] ?? "")),
    partIds: new Set([...xml.matchAll(/<part\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1] ?? "")),
  };
}

function walk(node: Json, visit: (key: string, value: Json, parent: Obj) => void) {
  if (Array.isArray(node)) for (const item of node) walk(item, visit);
  else if (isObj(node)) for (const [key, value] of Object.entries(node)) {
    visit(key, value, node);
    walk(value, visit);
  }
}

const isRelative = (href: string) => !/^[a-z][a-z0-9+.-]*:/i.test(href) && !href.startsWith("#") && !href.startsWith("/");

export type IntegrityOptions = {
  /** Local copies of external catalogs, by the exact href the document names. */
  catalogs: ReadonlyMap<string, CatalogIndex>;
  /** Files beside the document (an evidence pack), by relative path; parsed JSON. */
  files?: ReadonlyMap<string, unknown>;
};

export function checkOscalReferences(doc: unknown, options: IntegrityOptions, where = "document"): IntegrityReport {
  const problems: string[] = [];
  const unverifiable: string[] = [];
  const root = doc as Json;
  const uuids = new Set<string>();
  const roles = new Set<string>();
  const resources = new Map<string, Obj>();
  walk(root, (key, value, parent) => {
    if (key === "uuid" && typeof value === "string") {
      if (uuids.has(value) && !("rlinks" in parent)) problems.push(`${where}: uuid ${value} defined twice`);
      uuids.add(value);
    }
    if (key === "roles" && Array.isArray(value)) for (const r of value) if (isObj(r) && typeof r.id === "string") roles.add(r.id);
    if (key === "resources" && Array.isArray(value)) for (const r of value) if (isObj(r) && typeof r.uuid === "string") resources.set(r.uuid, r);
  });

  // A resource resolves through its embedded copy or one of its rlinks; its catalog (if it is one) is indexed.
  const catalogOf = new Map<string, CatalogIndex | "unavailable">();
  const embedded = new Map<string, unknown>();
  for (const [id, r] of resources) {
    const base64 = isObj(r.base64) && typeof r.base64.value === "string" ? JSON.parse(Buffer.from(r.base64.value, "base64").toString("utf8")) as unknown : undefined;
    if (base64 !== undefined) embedded.set(id, base64);
    const hrefs = (Array.isArray(r.rlinks) ? r.rlinks : []).flatMap((l) => (isObj(l) && typeof l.href === "string" ? [l.href] : []));
    const local = hrefs.map((h) => options.catalogs.get(h)).find((c) => c !== undefined);
    const file = hrefs.filter(isRelative).map((h) => options.files?.get(h)).find((f) => f !== undefined);
    if (isObj(base64) && "catalog" in base64) catalogOf.set(id, catalogIndexFromJson(base64));
    else if (local) catalogOf.set(id, local);
    else if (hrefs.some((h) => /catalog/i.test(h))) catalogOf.set(id, "unavailable");
    const resolvable = base64 !== undefined || local !== undefined || file !== undefined || hrefs.some((h) => /^https:\/\//.test(h));
    // Without the pack, a sibling file is named but cannot be opened: unverifiable, not broken.
    if (!resolvable && !options.files && hrefs.some(isRelative)) unverifiable.push(hrefs.join(", "));
    else if (!resolvable) problems.push(`${where}: resource ${id} (${hrefs.join(", ")}) resolves to nothing`);
    // A relative href beside an embedded copy must name the same document when the pack is given.
    for (const h of hrefs.filter(isRelative)) {
      if (options.files && !options.files.has(h)) problems.push(`${where}: resource ${id} names ${h}, not in the pack`);
      else if (options.files && base64 !== undefined && JSON.stringify(options.files.get(h)) !== JSON.stringify(base64)) problems.push(`${where}: ${h} in the pack differs from the copy embedded in resource ${id}`);
    }
  }

  walk(root, (key, value) => {
    const refs = key.endsWith("-uuid") && typeof value === "string" ? [value] : key.endsWith("-uuids") && Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
    for (const ref of refs) if (!uuids.has(ref)) problems.push(`${where}: ${key} ${ref} resolves to nothing`);
    if (key === "role-id" && typeof value === "string" && !roles.has(value)) problems.push(`${where}: role-id ${value} is not a defined role`);
    if ((key === "href" || key === "source") && typeof value === "string" && value.startsWith("#") && !uuids.has(value.slice(1))) problems.push(`${where}: ${key} ${value} resolves to nothing`);
  });

  const all = [...catalogOf.values()];
  const known = all.filter((c): c is CatalogIndex => c !== "unavailable");
  const anyUnavailable = all.includes("unavailable");
  const resolveIn = (what: string, id: string, indexes: (CatalogIndex | "unavailable")[], field: "controlIds" | "partIds") => {
    if (indexes.some((c) => c !== "unavailable" && c[field].has(id))) return;
    if (indexes.includes("unavailable")) unverifiable.push(id);
    else problems.push(`${where}: ${what} ${id} is in none of the catalogs it can refer to`);
  };

  // Component definition: each implemented requirement's control-id in the catalog its `source` names.
  walk(root, (key, value) => {
    if (key !== "control-implementations" || !Array.isArray(value)) return;
    for (const ci of value) if (isObj(ci) && typeof ci.source === "string") {
      const catalog = catalogOf.get(ci.source.replace(/^#/, ""));
      if (!catalog) {
        problems.push(`${where}: control-implementation source ${ci.source} is not a catalog resource`);
        continue;
      }
      for (const req of Array.isArray(ci["implemented-requirements"]) ? ci["implemented-requirements"] : []) if (isObj(req) && typeof req["control-id"] === "string") resolveIn("control-id", req["control-id"], [catalog], "controlIds");
    }
  });
  // Reviewed controls and finding targets: in one of the document's catalogs.
  walk(root, (key, value) => {
    if (key === "include-controls" && Array.isArray(value)) for (const c of value) if (isObj(c) && typeof c["control-id"] === "string") resolveIn("reviewed control-id", c["control-id"], [...known, ...(anyUnavailable ? ["unavailable" as const] : [])], "controlIds");
    if (key === "target" && isObj(value) && typeof value["target-id"] === "string") resolveIn(typeof value.type === "string" ? value.type : "target", value["target-id"], [...known, ...(anyUnavailable ? ["unavailable" as const] : [])], "partIds");
  });

  // import-ap / import-ssp: the imported document is checked too, with the same catalogs and files.
  walk(root, (key, value) => {
    if ((key === "import-ap" || key === "import-ssp") && isObj(value) && typeof value.href === "string") {
      const id = value.href.replace(/^#/, "");
      const inner = embedded.get(id) ?? (isRelative(value.href) ? options.files?.get(value.href) : undefined);
      const rlinked = resources.get(id);
      if (inner !== undefined) {
        const nested = checkOscalReferences(inner, options, `${where} → ${key}`);
        problems.push(...nested.problems);
        unverifiable.push(...nested.unverifiable);
      } else if (!rlinked) problems.push(`${where}: ${key} ${value.href} resolves to nothing`);
    }
  });
  return { problems, unverifiable: [...new Set(unverifiable)] };
}
