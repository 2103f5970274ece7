import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Code, comments and tests cite docs/design.md as "DESIGN §N". A citation whose section is not a
// heading there is a dead link for the reader who follows it.
const root = path.resolve(import.meta.dirname, "..", "..");
const designFile = "docs/design.md";
// Files that name the word to test for it, not to cite a section.
const notCiting = new Set([designFile, "tests/docs/design-citations.test.ts", "lib/api/openapi.test.ts"]);

/** Section numbers of docs/design.md's numbered headings: "## 4. Lifecycle" → "4", "### 4.2 …" → "4.2". */
function designSections(markdown: string): Set<string> {
  const sections = new Set<string>();
  for (const m of markdown.matchAll(/^#{2,4} (\d+(?:\.\d+)*)\.?\s/gm)) sections.add(m[1] ?? "");
  return sections;
}

/** Every "DESIGN …" in a text: the sections it cites ("DESIGN §4.2, §4.4" → 4.2, 4.4), or none when it names no section. */
function designCitations(text: string): { line: number; cited: string; sections: string[] }[] {
  const found: { line: number; cited: string; sections: string[] }[] = [];
  for (const m of text.matchAll(/\bDESIGN\b(?:\s*§\d+(?:\.\d+)*(?:(?:\s*(?:,|and|or|\/)\s*)§\d+(?:\.\d+)*)*)?/g)) {
    const cited = m[0];
    const sections = [...cited.matchAll(/§(\d+(?:\.\d+)*)/g)].map((s) => s[1] ?? "");
    found.push({ line: text.slice(0, m.index).split("\n").length, cited, sections });
  }
  return found;
}

function trackedTextFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" });
  return out
    .split("\n")
    .filter((f) => /\.(ts|tsx|mjs|js|md|sql|css|json)$/.test(f) && !notCiting.has(f) && !f.startsWith("tests/fixtures/"))
    .filter((f) => fs.existsSync(path.join(root, f)));
}

/** Documents a text names that the repository does not hold: "STACK.md", "STYLE §3" (shared files that stay outside it). */
function deadDocumentNames(text: string, repositoryFiles: ReadonlySet<string>): string[] {
  const named = [...text.matchAll(/\b([A-Z][A-Z_-]+\.md)\b/g)].map((m) => m[1] ?? "").filter((name) => !repositoryFiles.has(name));
  const sections = [...text.matchAll(/\b([A-Z]{4,}) §\d/g)].map((m) => m[1] ?? "").filter((name) => name !== "DESIGN" && name !== "RFC");
  return [...named, ...sections.map((name) => `${name} §`)];
}

describe("DESIGN citations", () => {
  const sections = designSections(fs.readFileSync(path.join(root, designFile), "utf8"));

  it("reads the numbered headings of docs/design.md", () => {
    expect([...sections]).toEqual(expect.arrayContaining(["1", "2", "3", "3.1", "3.5", "4.4", "5.3", "8.1", "8.5", "10"]));
  });

  it("parses lists of sections and flags a citation without one", () => {
    expect(designCitations("see DESIGN §5.1, §5.2 and §6 Controls").map((c) => c.sections)).toEqual([["5.1", "5.2", "6"]]);
    expect(designCitations("a\n(DESIGN: secretMatchKey)")).toEqual([{ line: 2, cited: "DESIGN", sections: [] }]);
    expect(designCitations("DESIGN_TOKENS")).toEqual([]);
  });

  it("no file names a document the repository does not hold", () => {
    const files = trackedTextFiles();
    const basenames = new Set(files.map((f) => path.basename(f)));
    expect(deadDocumentNames("see STACK.md P4, STYLE §3 and docs/ARCHITECTURE.md", new Set(["ARCHITECTURE.md"]))).toEqual(["STACK.md", "STYLE §"]);
    const dead = files.flatMap((file) => deadDocumentNames(fs.readFileSync(path.join(root, file), "utf8"), basenames).map((name) => `${file}: ${name}`));
    expect(dead).toEqual([]);
  });

  it("every citation in the repository names a section that is a heading of docs/design.md", () => {
    const dead: string[] = [];
    for (const file of trackedTextFiles()) {
      const text = fs.readFileSync(path.join(root, file), "utf8");
      if (!text.includes("DESIGN")) continue;
      for (const c of designCitations(text)) {
        const missing = c.sections.length === 0 ? ["(no section)"] : c.sections.filter((s) => !sections.has(s));
        if (missing.length > 0) dead.push(`${file}:${c.line}: "${c.cited}" → ${missing.join(", ")} not in ${designFile}`);
      }
    }
    expect(dead).toEqual([]);
  });
});
