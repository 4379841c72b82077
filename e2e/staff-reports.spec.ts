// Finance reads the live reports: opens them, changes the period (kept in the URL), downloads a
// table as CSV whose content is the table's, and sees the formulas. Support is refused, on the
// page and on the CSV. Screenshots at 1280 and 390 px in English and French.
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from '@playwright/test';
import { expect, screenshotDir, servers, test } from './fixtures';

/** Parses the CSV the export writes (RFC 4180, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted && char === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && char === '"') {
      quoted = false;
    } else if (quoted) {
      field += char;
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
      i++;
    } else {
      field += char;
    }
  }
  return rows;
}

async function tableContent(page: Page, index: number) {
  const header = await page.getByTestId(`report-table-${index}`).locator('xpath=..').locator('thead th').allTextContents();
  const rows = await page
    .getByTestId(`report-table-${index}`)
    .locator('tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.getAttribute('data-raw') ?? '')));
  return { header, rows };
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

test('finance opens the reports, changes the period and downloads a table as CSV that matches it', async ({ browser, financePage: page }) => {
  test.setTimeout(180_000);
  await page.goto('/staff');
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Finance reports');
  await page.getByRole('link', { name: /MRR and ARR/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('MRR and ARR');
  await expect(page.getByTestId('report-chart').first()).toBeVisible();
  await expect(page.getByTestId('report-formulas')).toContainText('ARR = 12 × MRR');

  // The last three months up to the default end, in EUR (the demo bills in EUR).
  const to = await page.getByLabel('To (included)', { exact: true }).inputValue();
  const from = new Date(`${to}T00:00:00Z`);
  from.setUTCMonth(from.getUTCMonth() - 3);
  await page.getByLabel('From', { exact: true }).fill(isoDay(from));
  await page.getByLabel('Currency', { exact: true }).selectOption('EUR');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(new RegExp(`from=${isoDay(from)}.*to=${to}.*currency=EUR`));
  await expect(page.getByLabel('From', { exact: true })).toHaveValue(isoDay(from));
  // Four monthly points and the end of the period: from, +1, +2, +3 months (= to's day), then to + 1 day.
  const table = await tableContent(page, 0);
  expect(table.rows.length).toBeGreaterThanOrEqual(4);
  expect(table.rows[0]![0]).toBe(isoDay(from));
  expect(table.rows.some((row) => Number(row[1]) > 0), 'the demo has recurring revenue in EUR').toBe(true);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-csv-0').click()]);
  expect(download.suggestedFilename()).toBe(`settle-mrr-mrrByMonth-${isoDay(from)}-${to}-EUR.csv`);
  const csv = parseCsv(await readFile((await download.path())!, 'utf8'));
  expect(csv[0]).toEqual(table.header);
  expect(csv.slice(1)).toEqual(table.rows);

  // Another report through the tabs keeps the period.
  await page.getByRole('link', { name: 'Receivables ageing' }).click();
  await expect(page).toHaveURL(new RegExp(`/staff/reports/ageing\\?from=${isoDay(from)}`));
  const ageing = await tableContent(page, 0);
  expect(ageing.rows.map((row) => row[0])).toEqual(['bucket_current', 'bucket_1_30', 'bucket_31_60', 'bucket_61_90', 'bucket_90_plus']);
  const ageingCsv = parseCsv(await (await page.request.get(`/staff/reports/ageing/csv?from=${isoDay(from)}&to=${to}&currency=EUR`)).text());
  expect(ageingCsv.slice(1)).toEqual(ageing.rows);

  await screenshots(browser, page, `/staff/reports/mrr?from=${isoDay(from)}&to=${to}&currency=EUR`);
});

async function screenshots(browser: Browser, signedIn: Page, path: string) {
  mkdirSync(screenshotDir, { recursive: true });
  const state = await signedIn.context().storageState();
  for (const locale of ['en', 'fr'] as const) {
    for (const width of [1280, 390]) {
      const context = await browser.newContext({ storageState: state, viewport: { width, height: 900 }, locale: locale === 'fr' ? 'fr-FR' : 'en-US' });
      await context.addCookies([{ name: 'settle_locale', value: locale, url: servers.outbox.url }]);
      const page = await context.newPage();
      for (const [name, url] of [
        ['staff-reports', '/staff/reports'],
        ['staff-report-mrr', path],
        ['staff-report-dunning', path.replace('/mrr', '/dunning')],
      ] as const) {
        await page.goto(url);
        await expect(page.locator('html')).toHaveAttribute('lang', locale);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(locale === 'fr' ? /Rapports financiers|MRR et ARR|Recouvrement des relances/ : /Finance reports|MRR and ARR|Dunning recovery/);
        await page.screenshot({ path: `${screenshotDir}/${name}-${locale}-${width}.png`, fullPage: true });
      }
      await context.close();
    }
  }
}

test('support is refused the reports, on the page and the CSV', async ({ supportPage: page }) => {
  await page.goto('/staff');
  await expect(page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Reports' })).toHaveCount(0);
  for (const path of ['/staff/reports', '/staff/reports/mrr']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
  }
  const csv = await page.request.get('/staff/reports/mrr/csv?currency=EUR');
  expect(csv.status()).toBe(403);
  expect(await csv.text()).not.toContain(',');
});
