// Start-up work runs on the Node.js runtime only (the node module is never loaded for the edge).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startUp } = await import("./lib/server/start-up");
    await startUp();
  }
}
