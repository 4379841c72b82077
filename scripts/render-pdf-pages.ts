// Renders the first page of PDFs to PNG images to look at them, with pdf.js (the build bundled in
// unpdf) running in Chromium — no poppler needed. Keep the documents' PDFs first with
// DOCUMENTS_PREVIEW_DIR=<dir> npx vitest run server/documents/documents.test.ts, then:
//   node --import tsx scripts/render-pdf-pages.ts <dir>   → test-results/screenshots/documents/<name>.png
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { chromium } from '@playwright/test';

const source = process.argv[2];
if (!source) throw new Error('Usage: render-pdf-pages.ts <folder of PDFs>');
const out = join(process.cwd(), 'test-results', 'screenshots', 'documents');
mkdirSync(out, { recursive: true });
const pdfjs = readFileSync(join(dirname(createRequire(import.meta.url).resolve('unpdf')), 'pdfjs.mjs'));
const origin = 'https://render.local';

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
  await page.route(`${origin}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/pdfjs.mjs') return route.fulfill({ contentType: 'text/javascript', body: pdfjs });
    if (path.endsWith('.pdf')) return route.fulfill({ contentType: 'application/pdf', body: readFileSync(join(source, basename(path))) });
    return route.fulfill({ contentType: 'text/html', body: '<!doctype html><body style="margin:0;background:#888"><canvas id="page"></canvas></body>' });
  });
  await page.goto(`${origin}/`);
  for (const file of readdirSync(source).filter((name) => name.endsWith('.pdf'))) {
    await page.evaluate(async (url) => {
      const { getDocument } = await import(`${location.origin}/pdfjs.mjs`);
      const data = new Uint8Array(await (await fetch(url)).arrayBuffer());
      const pdf = await getDocument({ data, isEvalSupported: false }).promise;
      const first = await pdf.getPage(1);
      const viewport = first.getViewport({ scale: 1.5 });
      const canvas = document.getElementById('page') as HTMLCanvasElement;
      canvas.width = viewport.width;
      canvas.height = viewport.height;
      await first.render({ canvasContext: canvas.getContext('2d')!, viewport }).promise;
    }, `${origin}/${file}`);
    await page.locator('#page').screenshot({ path: join(out, file.replace(/\.pdf$/, '.png')) });
  }
} finally {
  await browser.close();
}
console.log(`First pages rendered to ${out}`);
