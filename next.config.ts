import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // A separate build directory lets parallel checkouts of work (e.g. two e2e runs) not overwrite each other.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // PGlite ships wasm/data files; keep it out of the bundle (and out of public static media).
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2"],
  poweredByHeader: false,
  // Type checking is its own CI step (npm run typecheck); the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
  turbopack: { root: __dirname },
  experimental: {
    // forbidden() renders app/forbidden.tsx with a real 403 status.
    authInterrupts: true,
    serverActions: { bodySizeLimit: "256kb" },
    // The proxy (proxy.ts) reads a copy of each body and silently cuts it at this size (10 MB by
    // default), so a 20 MB import arrived as its first half. Just above the import route's 50 MB
    // cap (MAX_IMPORT_BYTES): anything cut short here is already over the cap, which the route refuses.
    proxyClientMaxBodySize: "51mb",
  },
};

export default nextConfig;
