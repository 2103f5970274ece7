import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/*
 * No developer copy in the UI (issue 16 item 6): the text people read (JSX text and the string
 * literals of app/ and components/, comments excluded) never cites the design document, a repository
 * path, an npm command or a raw validator message. Errors say what to do instead.
 */

const root = path.resolve(__dirname, "../..");
const uiDirs = ["app", "components"];

const developerCopy: { name: string; pattern: RegExp }[] = [
  { name: "a design-document citation", pattern: /\bDESIGN\s*§|\bdocs\/design\.md|§\s?\d/ },
  { name: "a repository path", pattern: /(?:^|[\s(`'"])(?:lib|db|app|components|scripts|docs|drizzle|e2e|tests)\/[\w.[\]()-]+\/?[\w.[\]()/-]*\.(?:ts|tsx|md|json|sql)\b/ },
  { name: "an npm command", pattern: /\b(?:npm (?:run|install|ci|test)|npx \w|pnpm \w|yarn \w)/ },
  { name: "a raw validator message", pattern: /\bInvalid input\b|\bExpected (?:string|number|object|array)\b|\breceived (?:undefined|null)\b|ZodError/ },
  { name: "an issue reference", pattern: /\bissue #?\d+\b/i },
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [full] : [];
  });
}

/** The text a file can put on screen: JSX text and string/template literals outside imports and type positions. */
function visibleTexts(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isTypeNode(node)) return;
    if (ts.isJsxText(node)) out.push(node.getText());
    else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.push(node.text);
    else if (ts.isTemplateExpression(node)) out.push(node.head.text, ...node.templateSpans.map((s) => s.literal.text));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function findings(files: string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    for (const t of visibleTexts(file, readFileSync(file, "utf8"))) {
      for (const { name, pattern } of developerCopy) {
        if (pattern.test(t)) found.push(`${path.relative(root, file)}: ${name}: ${JSON.stringify(t.trim().slice(0, 120))}`);
      }
    }
  }
  return found;
}

describe("[UI] no developer copy on screen", () => {
  it("the scanner sees JSX text and strings, not comments", () => {
    const texts = visibleTexts("x.tsx", `// DESIGN §2 is fine in a comment\nconst a = "Run npm run seed";\nexport const B = () => <p title={\`see lib/x/y.ts\`}>Read DESIGN §4</p>;`);
    expect(texts).toEqual(expect.arrayContaining(["Run npm run seed", "see lib/x/y.ts"]));
    expect(texts.some((t) => t.includes("DESIGN §4"))).toBe(true);
    expect(texts.some((t) => t.includes("in a comment"))).toBe(false);
    expect(findings([]).length).toBe(0);
  });

  it("app/ and components/ show no design citations, repository paths, npm commands or raw validator messages", () => {
    const files = uiDirs.flatMap((d) => sources(path.join(root, d)));
    expect(files.length).toBeGreaterThan(50);
    expect(findings(files)).toEqual([]);
  });
});
