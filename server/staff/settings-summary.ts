// What the settings screens show read-only: invoice numbering and taxes as the code applies them.
// Neither is configurable yet; showing how they work is safer than a switch that could break them.
import type { Database } from '@/db/client';
import { creditNoteSeries, invoiceSeries, listNumberSeries } from '../invoices/numbering';
import { getMerchant } from '../merchant';
import { hasTaxRate, isEuMemberState, taxRateFor } from '../taxes';

export async function numberingSettings(db: Database, now: Date) {
  const series = await listNumberSeries(db);
  return {
    // Numbers are "<series>-<six digits>", one gapless counter per series and calendar year.
    invoiceFormat: `${invoiceSeries(now)}-000001`,
    creditNoteFormat: `${creditNoteSeries(now)}-000001`,
    series: series.map((row) => ({ series: row.series, nextNumber: `${row.series}-${row.nextNumber.toString().padStart(6, '0')}` })),
  };
}

export async function taxSettings(db: Database) {
  const merchant = await getMerchant(db);
  const domestic = hasTaxRate(merchant.country) && merchant.country !== 'CA' ? taxRateFor({ country: merchant.country }) : null;
  return {
    country: merchant.country,
    vatNumber: merchant.vatNumber,
    euMember: isEuMemberState(merchant.country),
    domesticRate: domestic ? { label: domestic.label, percent: domestic.percent } : null,
  };
}
