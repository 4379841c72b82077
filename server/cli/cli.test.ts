// The settle command, run as a user would: a real process, real exit codes, real output.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(join(tmpdir(), 'settle-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// The CLI gets its own embedded database: this file tests the command, not the engine.
const settle = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['bin/settle.mjs', ...args], { env: { ...process.env, DATABASE_URL: '', SETTLE_DATA_DIR: dataDir, ...env }, encoding: 'utf8' });

describe('settle CLI', () => {
  it('prints its usage and exits 2 without a command or with an unknown one', () => {
    const none = settle([]);
    expect(none.status).toBe(2);
    expect(none.stdout).toMatch(/^Usage: settle <command>/);
    const unknown = settle(['frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
  });

  it('stops on a wrong setting with one line naming the variable', () => {
    const result = settle(['migrate'], { PORT: 'abc' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('settle: Invalid configuration: PORT: PORT must be a whole number (got "abc")');
  });

  // Six processes in a row, each a cold start of Node and PGlite: on a loaded machine that takes
  // longer than the file-wide 30 s.
  it('migrates, creates staff and API keys, and refuses bad input', { timeout: 120_000 }, () => {
    expect(settle(['migrate']).stdout).toContain('Migrations applied (pglite)');

    const created = settle(['users', 'create', '--email', 'ops@example.com', '--role', 'admin', '--password', 'a long enough password']);
    expect(created.status).toBe(0);
    expect(created.stdout).toMatch(/Created admin user ops@example\.com \(usr_/);

    const duplicate = settle(['users', 'create', '--email', 'ops@example.com', '--role', 'admin', '--password', 'a long enough password']);
    expect(duplicate.status).toBe(1);
    expect(duplicate.stderr).toContain('already exists');

    const badRole = settle(['users', 'create', '--email', 'x@example.com', '--role', 'owner', '--password', 'a long enough password']);
    expect(badRole.status).toBe(1);
    expect(badRole.stderr).toContain('Role must be one of support, finance, admin (got "owner")');

    const missing = settle(['users', 'create', '--email', 'x@example.com', '--role', 'admin']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('Missing --password.');

    const key = settle(['api-keys', 'create', '--name', 'Backend']);
    expect(key.status).toBe(0);
    expect(key.stdout).toMatch(/shown only this once:\s+sk_settle_[0-9a-z]{40}/);
  });
});
