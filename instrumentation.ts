// Next calls this once when the server starts. The work itself is Node.js-only, so it lives in a
// module this file imports only in that runtime (Next also compiles this file for the Edge).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startServer } = await import('./server/start-up');
  await startServer();
}
