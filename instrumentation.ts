// Migrate once at server start, before any request is served; a bad configuration or an
// unreachable database stops the process with a message instead of failing request by request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  try {
    const { env } = await import("./lib/env");
    env();
    const { dbReady } = await import("./db");
    const handle = await dbReady();
    const { instanceSecrets } = await import("./lib/server/instance-secrets");
    instanceSecrets();
    console.log(`[steward] database ready (${handle.driver})`);
  } catch (error) {
    console.error(`[steward] start-up failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
