import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { allEndpoints, endpoints } from "@/lib/api/endpoints";
import { serverActions } from "./actions";
import { pagePermissions } from "./pages";
import { nonRecordParams, recordEndpointCells, recordPageCells } from "./record-rights";

const root = path.resolve(__dirname, "../..");

function walk(dir: string, name: string | RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name.startsWith(".") ? [] : walk(full, name);
    return (typeof name === "string" ? entry.name === name : name.test(entry.name)) ? [full] : [];
  });
}

describe("[AUTHZ] route tables cover every route file", () => {
  it("every signed-in page is in the page table and guards itself with its own entry", () => {
    const pages = walk(path.join(root, "app/(app)/(guarded)"), "page.tsx");
    const routes = pages.map((file) => {
      // Route groups ("(list)") name no URL segment.
      const route = path.dirname(path.relative(path.join(root, "app/(app)/(guarded)"), file)).replace(/^\.$/, "").replace(/\/?\([\w-]+\)/g, "");
      return { file, route: `/${route}`.replace(/\/$/, "") || "/" };
    });
    expect(routes.map((r) => r.route).sort()).toEqual(Object.keys(pagePermissions).sort());
    for (const { file, route } of routes) {
      expect(fs.readFileSync(file, "utf8"), `${file} must call requirePage("${route}")`).toContain(`requirePage("${route}")`);
    }
  });

  it("no loading.tsx boundary holds a page that refuses, 404s or redirects by itself", () => {
    // A loading.tsx streams the pages under it inside a Suspense boundary: the 200 and the
    // skeleton are sent before such a page's notFound()/forbidden()/redirect() runs, so its 404,
    // 403 or 307 would be lost. The page permission is checked by the guarded layout, outside every
    // boundary (requireRequestedPage); record pages and redirecting pages stay outside one.
    const loadings = ["app/(app)", "app/(auth)"].flatMap((dir) => walk(path.join(root, dir), "loading.tsx"));
    expect(loadings.length).toBeGreaterThan(20);
    for (const loading of loadings) {
      for (const page of walk(path.dirname(loading), "page.tsx")) {
        const source = fs.readFileSync(page, "utf8");
        expect(source, `${path.relative(root, page)} is under ${path.relative(root, loading)}`).not.toMatch(/\b(notFound|forbidden|unauthorized|redirect|permanentRedirect|pageRead)\(/);
      }
    }
  });

  it("every /api/v1 handler is a declared endpoint, and every endpoint has its handler", () => {
    const handlers = walk(path.join(root, "app/api/v1"), "route.ts").flatMap((file) => {
      const source = fs.readFileSync(file, "utf8");
      const routePath = `/${path.dirname(path.relative(path.join(root, "app"), file))}`.replace(/\[(\w+)\]/g, "{$1}");
      return [...source.matchAll(/export (?:const|async function|function) (GET|POST|PATCH|PUT|DELETE)\b/g)].map(
        (m) => `${m[1] ?? ""} ${routePath}`,
      );
    });
    const declared = allEndpoints.map((e) => `${e.method} ${e.path}`);
    expect(handlers.sort()).toEqual(declared.sort());
  });

  it("handlers with an access rule go through the route wrapper", () => {
    for (const [key, e] of Object.entries(endpoints).filter(([, x]) => x.access !== "public")) {
      const file = path.join(root, "app", e.path.replace(/\{(\w+)\}/g, "[$1]"), "route.ts");
      const source = fs.readFileSync(file, "utf8");
      expect(source, `${e.method} ${e.path}`).toMatch(new RegExp(`export const ${e.method} = route\\(endpoints\\.${key}\\b`));
    }
  });

  it("every exported server action is in the action table", () => {
    // A "use server" directive at the top of a module makes every export an action; inline
    // "use server" functions inside components would hide from this walk, so there must be none.
    const sources = ["app", "lib", "components"].flatMap((dir) => walk(path.join(root, dir), /\.tsx?$/));
    const found: string[] = [];
    for (const file of sources) {
      const source = fs.readFileSync(file, "utf8");
      const relative = path.relative(root, file);
      const isActionModule = /^\s*["']use server["']/.test(source);
      if (!isActionModule) {
        expect(source, `${relative} has an inline "use server" function`).not.toMatch(/^\s*["']use server["'];?\s*$/m);
        continue;
      }
      for (const m of source.matchAll(/export (?:const|async function|function|let) (\w+)/g)) found.push(`${relative}#${m[1] ?? ""}`);
      expect(source, `${relative} re-exports or default-exports (list each action by name)`).not.toMatch(/export (?:default|\{|\*)/);
    }
    const listed = Object.entries(serverActions).map(([name, row]) => `${row.file}#${name}`);
    expect(found.sort()).toEqual(listed.sort());
  });

  it("every endpoint and page that takes a record id has record-level cells", () => {
    const skip = new Set<string>(nonRecordParams);
    const takesRecord = (p: string) => [...p.matchAll(/[{[](\w+)[}\]]/g)].some((m) => !skip.has(m[1] ?? ""));
    const endpointsWithIds = Object.entries(endpoints).filter(([, e]) => takesRecord(e.path)).map(([key]) => key);
    expect(endpointsWithIds.sort()).toEqual(Object.keys(recordEndpointCells).sort());
    expect(Object.keys(pagePermissions).filter(takesRecord).sort()).toEqual(Object.keys(recordPageCells).sort());
  });
});
