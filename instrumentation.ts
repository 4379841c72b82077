// Runs once when the server starts: validate configuration and migrate the database before the
// first request, so a bad setting stops the app with one clear line instead of failing later.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { getConfig, requireAuthSecret } = await import('./server/config');
  try {
    requireAuthSecret(getConfig());
    const { getDatabaseHandle } = await import('./server/database');
    const { db } = await getDatabaseHandle();
    const { startWorker } = await import('./server/jobs/worker');
    startWorker({ db, simulation: getConfig().simulation, intervalMs: 5000, onError: (error) => console.error('settle worker:', error) });
  } catch (error) {
    console.error(`settle: ${(error as Error).message}`);
    process.exit(1);
  }
}
