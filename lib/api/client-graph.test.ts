import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Client code ("use client" modules and everything they import as values, transitively) loads no zod:
 * not zod itself, not lib/validation, not the endpoint contracts (each builds schemas at load, and zod
 * with every schema would be in each page's JavaScript). Type imports are free: they are erased.
 * The dependency rules check components/ one import deep; this follows the whole chain.
 */
const root = path.resolve(__dirname, "../..");

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

const isClient = (file: string) => /^\s*["']use client["']/.test(readFileSync(path.join(root, file), "utf8"));

/** Specifiers a module loads at run time: import/export … from, side-effect imports and import(). */
function valueImports(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(type\s+)?([^;]*?)\s*from\s*["']([^"']+)["']/gm)) {
    const [, typeOnly, clause = "", specifier = ""] = m;
    if (typeOnly) continue;
    const named = /^\{([\s\S]*)\}$/.exec(clause.trim());
    const names = named?.[1]?.split(",").map((s) => s.trim()).filter((s) => s !== "");
    if (names && names.length > 0 && names.every((n) => n.startsWith("type "))) continue;
    out.push(specifier);
  }
  for (const m of text.matchAll(/^\s*import\s*["']([^"']+)["']/gm)) out.push(m[1] ?? "");
  for (const m of text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) out.push(m[1] ?? "");
  return out;
}

function resolve(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/") ? path.join(root, specifier.slice(2)) : specifier.startsWith(".") ? path.resolve(root, path.dirname(from), specifier) : null;
  if (base === null) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return path.relative(root, candidate);
  }
  throw new Error(`${from}: cannot resolve ${specifier}`);
}

const forbidden = (target: string) => target === "zod" || target.startsWith("zod/") || /^lib\/validation\//.test(target) || /^lib\/api\/(endpoints|[^/]+-endpoints)\.ts$/.test(target);

/** Each chain from a client module to a forbidden module, as "a -> b -> zod". */
function zodChains(): string[] {
  const roots = ["app", "components", "lib"].flatMap(sources).filter(isClient);
  const parent = new Map<string, string | null>(roots.map((r) => [r, null]));
  const queue = [...roots];
  const chains: string[] = [];
  const chainTo = (file: string) => {
    const chain: string[] = [];
    for (let at: string | null | undefined = file; at; at = parent.get(at)) chain.unshift(at);
    return chain;
  };
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const specifier of valueImports(readFileSync(path.join(root, file), "utf8"))) {
      const target = resolve(file, specifier) ?? specifier;
      if (forbidden(target)) chains.push([...chainTo(file), target].join(" -> "));
      else if (target !== specifier && !parent.has(target)) {
        parent.set(target, file);
        queue.push(target);
      }
    }
  }
  return chains;
}

describe("[API client] client code loads no zod", () => {
  it("no value import chain from a client module reaches zod, lib/validation or the endpoint contracts", () => {
    expect(zodChains()).toEqual([]);
  });

  it("the import reader tells type imports from value imports", () => {
    expect(valueImports('import { z } from "zod";')).toEqual(["zod"]);
    expect(valueImports('import type { z } from "zod";')).toEqual([]);
    expect(valueImports('import { type A, type B } from "@/lib/validation/x";')).toEqual([]);
    expect(valueImports('import { a, type B } from "@/lib/validation/x";')).toEqual(["@/lib/validation/x"]);
    expect(valueImports('import {\n  a,\n  b,\n} from "./multi";')).toEqual(["./multi"]);
    expect(valueImports('export { a } from "./re";\nexport type { B } from "./types";')).toEqual(["./re"]);
    expect(valueImports('const M = dynamic(() => import("./lazy"));')).toEqual(["./lazy"]);
  });
});
