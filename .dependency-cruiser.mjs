// The layer rules of docs/ARCHITECTURE.md, checked by `npm run lint` (dependency-cruiser).
// Each rule's comment is its reason; a violation names the rule and the offending import.
/** @type {import("dependency-cruiser").IConfiguration} */
export default {
  forbidden: [
    {
      name: "no-cycle",
      comment: "A cycle makes load order decide behaviour and hides which layer owns a step: move the shared step down (type-only imports aside).",
      severity: "error",
      from: { path: "^(app|components|lib|db)/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    {
      name: "components-not-db",
      comment: "Components get data only through lib/server read functions, which check access and return DTOs (the data access layer).",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^db/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "components-not-db-types",
      comment: "Not even db/ types: a component's props are DTOs, never database rows or handles.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^db/", dependencyTypes: ["type-only"] },
    },
    {
      name: "pages-not-db",
      comment: "Pages and layouts read only through lib/server read functions (role and record rights checked, DTOs back), never db/, not even its types.",
      severity: "error",
      from: { path: ["^app/(page|layout|template|default|loading|not-found|forbidden|error)[.]tsx$", "^app/.+/(page|layout|template|default|loading|not-found|forbidden|error)[.]tsx$"] },
      to: { path: "^db/" },
    },
    {
      name: "components-no-schemas",
      comment: "Components call the API through lib/api/routes and take enum lists from lib/domain/vocabulary: a value import of the contracts, lib/validation or zod ships zod and every schema in each page's JavaScript (types are free).",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^lib/api/(endpoints|[^/]+-endpoints)[.]ts$|^lib/validation/|(^|/)node_modules/zod/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "client-modules-zod-free",
      comment: "The browser's route table, API caller and vocabulary exist so client code need not load zod: they take types only from the contracts, lib/validation and zod.",
      severity: "error",
      from: { path: "^lib/api/(routes|client)[.]ts$|^lib/domain/vocabulary/|^lib/domain/credential-filter-values[.]ts$|^lib/inventory-file/limits[.]ts$" },
      to: { path: "^lib/api/(endpoints|[^/]+-endpoints)[.]ts$|^lib/validation/|(^|/)node_modules/zod/", dependencyTypesNot: ["type-only"] },
    },
    // No rule keeps app/api route handlers off db/queries: route() checks the endpoint's permission
    // before a handler runs and parses its answer through the declared response schema (the DTO).
    {
      name: "domain-is-pure",
      comment: "lib/domain is pure rules: no database, no server glue, no framework, no network or file I/O.",
      severity: "error",
      from: { path: "^lib/domain/", pathNot: "\\.test\\.ts$" },
      to: {
        path: "^(db|lib/server|app|components)/|^node_modules/(next|postgres|@electric-sql|drizzle-orm|nodemailer|next-auth|react|react-dom)/",
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "domain-no-io-builtins",
      comment: "lib/domain may hash (node:crypto) but never touches files, processes or the network.",
      severity: "error",
      from: { path: "^lib/domain/", pathNot: "\\.test\\.ts$" },
      to: { dependencyTypes: ["core"], path: "^(node:)?(fs|fs/promises|net|http|https|http2|dns|child_process|cluster|worker_threads|dgram|tls|readline|os|process)$" },
    },
    {
      name: "no-unresolvable",
      comment: "An import that does not resolve is a typo or a missing dependency; the rules above cannot see through it.",
      severity: "error",
      from: { path: "^(app|components|lib|db)/" },
      to: { couldNotResolve: true },
    },
  ],
  required: [
    {
      name: "server-only-marked",
      comment: "Server modules say so: importing one from a client component then fails the build instead of shipping server code (db/schema stays unmarked: drizzle-kit loads it outside Next).",
      severity: "error",
      module: { path: "^(lib/server|db)/", pathNot: "(\\.test\\.ts|^db/schema/.*)$" },
      to: { path: "^node_modules/server-only/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(\\.next|e2e|tests|scripts|drizzle)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"], extensions: [".ts", ".tsx", ".js", ".mjs"] },
    cache: false,
  },
};
