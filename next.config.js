import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import createNextIntlPlugin from 'next-intl/plugin';

// The folder Turbopack may read from: this project, widened to take in node_modules when it is a
// link to another checkout's (a git worktree); otherwise Turbopack cannot resolve `next` itself.
const projectDir = dirname(fileURLToPath(import.meta.url));
const modulesDir = existsSync(join(projectDir, 'node_modules')) ? dirname(realpathSync(join(projectDir, 'node_modules'))) : projectDir;
let root = projectDir;
while (relative(root, modulesDir).startsWith('..') && dirname(root) !== root) root = dirname(root);

const withNextIntl = createNextIntlPlugin('./server/i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and wasm-backed server packages are loaded by Node at run time, never bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'nodemailer', 'bcryptjs', '@react-pdf/renderer'],
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  turbopack: { root },
  outputFileTracingRoot: root,
  typescript: { ignoreBuildErrors: true }, // `npm test` runs tsc itself; the build need not do it twice
};

export default withNextIntl(nextConfig);
