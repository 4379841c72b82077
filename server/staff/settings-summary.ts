// What the numbering and tax settings screens show: the settings in force and what they produce
// (the next number of each series, the domestic rate).
import type { Database } from '@/db/client';
import { creditNoteSeries, invoiceSeries, listNumberSeries } from '../invoices/numbering';
import { getMerchant } from '../merchant';
import { hasTaxRate, isEuMemberState, taxRateFor } from '../taxes';
import { rateList } from './billing-settings';

export async function numberingSettings(db: Database, now: Date) {
  const [series, merchant] = await Promise.all([listNumberSeries(db), getMerchant(db)]);
  return {
    year: now.getUTCFullYear(),
    invoicePrefix: merchant.invoicePrefix,
    creditNotePrefix: merchant.creditNotePrefix,
    // Numbers are "<series>-<six digits>", one gapless counter per series and calendar year.
    invoiceFormat: `${invoiceSeries(now, merchant)}-000001`,
    creditNoteFormat: `${creditNoteSeries(now, merchant)}-000001`,
    series: series.map((row) => ({ series: row.series, nextNumber: `${row.series}-${row.nextNumber.toString().padStart(6, '0')}` })),
  };
}

export async function taxSettings(db: Database) {
  const merchant = await getMerchant(db);
  const domestic = hasTaxRate(merchant.country, merchant.taxRates) && merchant.country !== 'CA' ? taxRateFor({ country: merchant.country }, { rateOverrides: merchant.taxRates }) : null;
  return {
    country: merchant.country,
    vatNumber: merchant.vatNumber,
    euMember: isEuMemberState(merchant.country),
    domesticRate: domestic ? { label: domestic.label, percent: domestic.percent } : null,
    taxRegistrations: merchant.taxRegistrations,
    taxRates: rateList(merchant.taxRates),
  };
}
