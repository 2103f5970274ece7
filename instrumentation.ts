// Start-up work runs on the Node.js runtime only (the node module is never loaded for the edge).
export async function register() {
  // Not while `next build` collects pages: start-up (database, scheduler) is for a serving process.
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.NEXT_PHASE !== "phase-production-build") {
    const { startUp } = await import("./lib/server/start-up");
    await startUp();
  }
}
