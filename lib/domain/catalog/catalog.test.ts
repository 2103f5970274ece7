import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ruleIds } from "../posture/types";
import { controls, controlsOf, findControl, frameworks } from "./frameworks";
import { mappingPairs, ruleControls, rulesFor } from "./mapping";
import { searchCatalog } from "./search";

/**
 * The catalog against the reference texts (DESIGN §5.2): this test parses the references and reads
 * the app's catalog; it does not repeat the list.
 */
const fixtures = path.resolve(import.meta.dirname, "../../../tests/fixtures/reference");
const controlsMd = fs.readFileSync(path.join(fixtures, "controls.md"), "utf8");
const csfXml = fs.readFileSync(path.join(fixtures, "NIST_CSF_v2.0_catalog.xml"), "utf8");
type OscalControl = { id: string; title: string; controls?: OscalControl[] };
const sp80053 = JSON.parse(fs.readFileSync(path.join(fixtures, "NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog-min.json"), "utf8")) as {
  catalog: { groups: { controls: OscalControl[] }[] };
};

/** Table rows of controls.md whose first cell is a bold id: id → second cell (the official title). */
function boldTableRows(markdown: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of markdown.split("\n")) {
    const m = /^\| \*\*([^*]+)\*\*(?: 🟡)? \| ([^|]+?) \|/.exec(line);
    if (m?.[1] && m[2]) rows.set(m[1].trim(), m[2].trim());
  }
  return rows;
}
const mdRows = boldTableRows(controlsMd);
const mdPlainRows = new Map<string, string>();
for (const line of controlsMd.split("\n")) {
  const m = /^\| (IA-\d+\(\d+\)|AC-\d+\(\d+\)|CM-\d+\(\d+\)|[A-Z]{2}-\d+)(?: 🟡)? \| ([^|]+?) \|/.exec(line);
  if (m?.[1] && m[2]) mdPlainRows.set(m[1], m[2].trim());
}
/** The seven tenet sentences of SP 800-207 §2.1, verbatim (controls.md §3.1 only paraphrases them). */
const tenetsMd = fs.readFileSync(path.join(fixtures, "sp800-207-tenets.md"), "utf8");
const tenetTitles = new Map([...tenetsMd.matchAll(/^(\d)\. (.+)$/gm)].map((m) => [`Tenet ${m[1]}`, m[2]?.trim() ?? ""]));
function csfStatement(id: string): string | undefined {
  const m = new RegExp(`<part id="${id.replace(".", "\\.")}_statement" name="statement">\\s*<p>([\\s\\S]*?)</p>`).exec(csfXml);
  return m?.[1]?.replace(/\s+/g, " ").trim();
}
function sp80053Title(oscalId: string): string | undefined {
  const walk = (list: OscalControl[] | undefined): string | undefined => {
    for (const c of list ?? []) {
      if (c.id === oscalId) return c.title;
      const inner = walk(c.controls);
      if (inner) return inner;
    }
    return undefined;
  };
  for (const g of sp80053.catalog.groups) {
    const t = walk(g.controls);
    if (t) return t;
  }
  return undefined;
}

describe("[CATALOG] ids and official titles equal the reference texts", () => {
  it("OWASP NHI1:2025 … NHI10:2025 with the titles of controls.md §1.1", () => {
    const owasp = controlsOf("owasp-nhi-2025");
    expect(owasp.map((c) => c.id)).toEqual(Array.from({ length: 10 }, (_, i) => `NHI${i + 1}:2025`));
    for (const c of owasp) expect(c.title, c.id).toBe(mdRows.get(c.id));
  });

  it("CSF 2.0: the required subcategories, each titled by NIST's own statement, with CSF 1.1 aliases", () => {
    const required = ["PR.AA-01", "PR.AA-02", "PR.AA-03", "PR.AA-04", "PR.AA-05", "GV.RR-02", "GV.SC-04", "ID.AM-02", "ID.AM-04", "ID.AM-08", "PR.DS-01", "PR.IR-01", "RS.MI-02", "DE.CM-03"];
    expect(controlsOf("nist-csf-2.0").map((c) => c.id).sort()).toEqual([...required].sort());
    for (const c of controlsOf("nist-csf-2.0")) expect(c.title, c.id).toBe(csfStatement(c.id));
    expect(findControl("nist-csf-2.0", "PR.AA-05")?.aliases).toContain("PR.AC-4");
    // Every alias is a CSF 1.1 id (one digit) and the 1.1 → 2.0 rows of controls.md §2.3 name the successor.
    for (const c of controlsOf("nist-csf-2.0")) for (const a of c.aliases) expect(a, `${c.id} ← ${a}`).toMatch(/^[A-Z]{2}\.[A-Z]{2}-\d$/);
    for (const m of controlsMd.matchAll(/^\s+- (PR\.AC-\d) → \*\*(PR\.AA-0\d)\*\*/gm)) expect(findControl("nist-csf-2.0", m[2] ?? "")?.aliases, m[0]).toContain(m[1]);
  });

  it("CSF 2.0: the 1.1 ids NIST's 1.1 → 2.0 mapping sends to a catalog subcategory are all its aliases", () => {
    // NIST's published CSF 1.1 → 2.0 mapping, rows whose 2.0 target is in Steward's catalog (issue 15).
    const nistMapping: [string, string][] = [
      ["PR.DS-7", "PR.IR-01"],
      ["PR.DS-3", "ID.AM-08"],
      ["PR.IP-2", "ID.AM-08"],
      ["PR.MA-1", "ID.AM-08"],
      ["PR.MA-2", "ID.AM-08"],
      ["PR.DS-6", "PR.DS-01"],
      ["DE.DP-1", "GV.RR-02"],
      ["ID.AM-6", "GV.RR-02"],
      ["PR.AC-4", "PR.AA-05"],
      ["PR.AC-5", "PR.IR-01"],
    ];
    for (const [v11, v20] of nistMapping) expect(findControl("nist-csf-2.0", v20)?.aliases, `${v11} → ${v20}`).toContain(v11);
  });

  it("SP 800-207: the seven tenets of §2.1, titled verbatim as NIST prints them", () => {
    const zt = controlsOf("nist-sp-800-207");
    expect(zt.map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `Tenet ${n}`));
    for (const c of zt) expect(c.title, c.id).toBe(tenetTitles.get(c.id));
  });

  it("SP 800-53 r5: every control the rules use, plus AC-1, with NIST's titles", () => {
    const used = new Set(Object.values(ruleControls).flatMap((l) => l.filter((c) => c.framework === "nist-sp-800-53r5").map((c) => c.controlId)));
    expect(controlsOf("nist-sp-800-53r5").map((c) => c.id).sort()).toEqual([...used, "AC-1"].sort());
    for (const c of controlsOf("nist-sp-800-53r5")) {
      const official = sp80053Title(c.oscalId) ?? mdPlainRows.get(c.id) ?? mdRows.get(c.id);
      expect(official, `${c.id} has a reference title`).toBeDefined();
      expect(c.title, c.id).toBe(official);
    }
  });

  it("every description is Steward's own (never the reference's text) and short", () => {
    for (const c of controls) {
      expect(c.description.length, c.id).toBeGreaterThan(10);
      expect(c.description.length, c.id).toBeLessThan(160);
      expect(c.description, c.id).not.toBe(c.title);
    }
  });
});

describe("[CATALOG] rule → control mapping (DESIGN §5.1)", () => {
  it("every rule maps to controls that exist, in every framework it names", () => {
    for (const rule of ruleIds) {
      expect(ruleControls[rule].length, rule).toBeGreaterThan(0);
      for (const c of ruleControls[rule]) expect(findControl(c.framework, c.controlId), `${rule} → ${c.framework} ${c.controlId}`).toBeDefined();
    }
  });

  it("matches the DESIGN §5.1 table on samples, tenet lists and dashes", () => {
    const ids = (rule: (typeof ruleIds)[number]) => ruleControls[rule].map((c) => c.controlId);
    expect(ids("rotation-overdue")).toEqual(["NHI7:2025", "PR.AA-01", "Tenet 6", "IA-5"]);
    expect(ids("cross-environment")).toEqual(["NHI8:2025", "PR.IR-01", "Tenet 3", "Tenet 6", "AC-4", "SC-7"]);
    expect(ids("secret-unmanaged")).toEqual(["NHI2:2025", "PR.DS-01", "IA-5(7)", "SC-28"]);
    expect(ids("third-party-unreviewed")).toEqual(["NHI3:2025", "GV.SC-04", "ID.AM-04", "Tenet 7", "SA-9", "AC-20"]);
    expect(rulesFor({ framework: "nist-sp-800-53r5", id: "AC-1" })).toEqual([]);
    expect(rulesFor({ framework: "owasp-nhi-2025", id: "NHI1:2025" })).toEqual(["owner-missing", "backup-owner-missing", "go-live-readiness", "orphaned-after-retirement", "credential-dormant"]);
    expect(mappingPairs(["nist-sp-800-207"]).every((p) => p.control.framework === "nist-sp-800-207")).toBe(true);
  });

  it("issue 15 corrections: token lifetime and audience are IA-13(3); go-live needs IA-5; overdue reviews are tenet 6", () => {
    const ids = (rule: (typeof ruleIds)[number]) => ruleControls[rule].map((c) => c.controlId);
    expect(ids("token-ttl-excessive")).toEqual(["NHI7:2025", "PR.AA-03", "Tenet 3", "IA-13(3)"]);
    expect(ids("multi-audience")).toEqual(["NHI5:2025", "PR.AA-05", "Tenet 3", "AC-6", "IA-13(3)"]);
    expect(ids("go-live-readiness")).toContain("IA-5");
    expect(ids("review-overdue")).toContain("Tenet 6");
    expect(ids("review-overdue")).not.toContain("Tenet 4");
    expect(findControl("nist-sp-800-53r5", "ia-13.3")?.id).toBe("IA-13(3)");
  });
});

describe("[CATALOG] OSCAL ids", () => {
  it("are NCName tokens (no ':' or parentheses) and unique per framework", () => {
    const token = /^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$/u;
    for (const f of frameworks) {
      const ids = controlsOf(f.id).map((c) => c.oscalId);
      expect(new Set(ids).size, f.id).toBe(ids.length);
      for (const id of ids) expect(id, id).toMatch(token);
    }
    expect(findControl("owasp-nhi-2025", "nhi7-2025")?.id).toBe("NHI7:2025");
    expect(findControl("nist-sp-800-53r5", "ia-5.7")?.id).toBe("IA-5(7)");
  });
});

describe("[CATALOG] search", () => {
  const first = (q: string) => searchCatalog(q)[0]?.control;
  it.each([
    ["PR.AC-4", "nist-csf-2.0", "PR.AA-05"],
    ["pr.ac-4", "nist-csf-2.0", "PR.AA-05"],
    ["NHI-03", "owasp-nhi-2025", "NHI3:2025"],
    ["NHI3", "owasp-nhi-2025", "NHI3:2025"],
    ["nhi3-2025", "owasp-nhi-2025", "NHI3:2025"],
    ["NHI3:2025", "owasp-nhi-2025", "NHI3:2025"],
    ["NHI-10", "owasp-nhi-2025", "NHI10:2025"],
    ["ia-5.7", "nist-sp-800-53r5", "IA-5(7)"],
    ["IA-5(7)", "nist-sp-800-53r5", "IA-5(7)"],
    ["tenet 3", "nist-sp-800-207", "Tenet 3"],
    ["PR.AA-05", "nist-csf-2.0", "PR.AA-05"],
  ])("%s finds %s %s first", (q, framework, id) => {
    expect(first(q)).toMatchObject({ framework, id });
  });
  it("title words match; exact ids rank first; nonsense finds nothing", () => {
    expect(searchCatalog("least privilege").map((h) => h.control.id)).toContain("AC-6");
    expect(searchCatalog("IA-5")[0]).toMatchObject({ match: "id", control: { id: "IA-5" } });
    expect(searchCatalog("NHI1")).toHaveLength(1);
    expect(searchCatalog("zzzz")).toEqual([]);
    expect(searchCatalog("   ")).toEqual([]);
  });
  it("framework names find their controls: \"SP 800-207\" and \"zero trust\" give the seven tenets", () => {
    for (const q of ["SP 800-207", "zero trust", "Zero Trust Architecture"]) {
      const hits = searchCatalog(q).map((h) => h.control.id);
      expect(hits, q).toEqual(expect.arrayContaining(controlsOf("nist-sp-800-207").map((c) => c.id)));
    }
    expect(searchCatalog("OWASP NHI").map((h) => h.control.framework)).toContain("owasp-nhi-2025");
  });
  it("an alias hit explains the mapping in words", () => {
    const [nhi03] = searchCatalog("NHI-03");
    expect(nhi03?.note).toBe("NHI-03 is NHI3:2025 Vulnerable Third-Party NHI; rotation is NHI7:2025 Long-Lived Secrets");
    expect(searchCatalog("PR.AC-4")[0]?.note).toBe("PR.AC-4 (CSF 1.1) maps to PR.AA-05 in CSF 2.0");
    expect(searchCatalog("PR.DS-7")[0]?.note).toBe("PR.DS-7 (CSF 1.1) maps to PR.IR-01 in CSF 2.0");
    expect(searchCatalog("PR.AA-05")[0]?.note).toBeUndefined();
  });
});
