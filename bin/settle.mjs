#!/usr/bin/env node
// The `settle` command. It runs the TypeScript sources directly through tsx, so the CLI and the
// web server share one copy of every domain function.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
register({ tsconfig: join(root, 'tsconfig.json') });
const { main } = await import('../server/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
