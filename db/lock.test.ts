// The embedded data folder belongs to one process: a second one is refused, with the holder named.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './client';
import { DataDirInUseError } from './lock';

const dataDir = mkdtempSync(join(tmpdir(), 'settle-lock-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function startHolder(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/testing/hold-database.ts', dataDir], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve(child));
    child.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
}

// Starts real processes (each a cold Node + PGlite start, migrating the folder): seconds apiece
// on a loaded machine, so the file-wide 30 s is too tight for the full suite.
const processTimeout = 120_000;

describe('embedded database lock', () => {
  it('refuses a second process while the first holds the folder, and loses nothing', { timeout: processTimeout }, async () => {
    const holder = await startHolder();
    try {
      const error = await openDatabase({ kind: 'pglite', dataDir }).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(DataDirInUseError);
      expect((error as DataDirInUseError).holder.pid).toBe(holder.pid);
      expect((error as Error).message).toContain(`in use by process ${holder.pid} (hold-database test helper`);
      expect((error as Error).message).toMatch(/stop that process first/);

      // The CLI says the same, in one line, and exits non-zero.
      const cli = spawnSync(process.execPath, ['bin/settle.mjs', 'migrate'], { env: { ...process.env, DATABASE_URL: '', SETTLE_DATA_DIR: dataDir }, encoding: 'utf8' });
      expect(cli.status).toBe(1);
      expect(cli.stderr.trim()).toMatch(new RegExp(`^settle: The embedded database in .+ is in use by process ${holder.pid} `));
    } finally {
      holder.stdin!.end();
      await new Promise((resolve) => holder.on('exit', resolve));
    }
    // Once released, the folder opens and the holder's write is intact.
    const handle = await openDatabase({ kind: 'pglite', dataDir });
    const result = await handle.db.execute<{ name: string }>(sql`select name from merchant`);
    expect((result as unknown as { rows?: { name: string }[] }).rows ?? result).toEqual([{ name: 'Held' }]);
    await handle.close();
  });

  it('takes over a lock left by a process that died', { timeout: processTimeout }, async () => {
    const holder = await startHolder();
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.on('exit', resolve));
    const handle = await openDatabase({ kind: 'pglite', dataDir });
    await handle.close();
  });
});
