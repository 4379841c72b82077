// Tax collected by jurisdiction: the tax of invoice lines on invoices finalised in the period
// (void excluded), by the customer's country as it was at finalisation and the line's tax rate,
// less the tax of credit notes issued in the period against invoices of that country:
//   net tax = Σ line tax − Σ credit-note tax;  taxable = Σ (line amount − discount − included tax)
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { checkFilter, type ReportFilter } from './filter';
import { big, rowsOf } from './numbers';

export interface TaxRow {
  country: string;
  rate: string;
  label: string;
  taxableMinor: bigint;
  taxMinor: bigint;
  creditedMinor: bigint;
  netMinor: bigint;
}

export async function taxReport(db: Database, input: ReportFilter): Promise<{ currency: string; rows: TaxRow[]; totalNetMinor: bigint }> {
  const filter = checkFilter(input);
  const from = sql`${filter.from.toISOString()}::timestamptz`;
  const to = sql`${filter.to.toISOString()}::timestamptz`;
  const country = sql`coalesce(i.customer_snapshot->'address'->>'country', c.country)`;
  const rows = rowsOf<Record<string, string>>(
    await db.execute(sql`with invoiced as (
        select ${country} as country, coalesce(l.tax_rate, '0') as rate, coalesce(l.tax_label, '') as label,
          sum(l.amount_minor - l.discount_minor - case when l.tax_behavior = 'inclusive' then l.tax_minor else 0 end) as taxable, sum(l.tax_minor) as tax
        from invoices i join invoice_lines l on l.invoice_id = i.id join customers c on c.id = i.customer_id
        where i.currency = ${filter.currency} and i.finalized_at >= ${from} and i.finalized_at < ${to} and i.status <> 'void'
        group by 1, 2, 3
      ),
      credited as (
        select ${country} as country, sum(n.tax_minor) as tax
        from credit_notes n join invoices i on i.id = n.invoice_id join customers c on c.id = i.customer_id
        where n.currency = ${filter.currency} and n.created_at >= ${from} and n.created_at < ${to}
        group by 1
      ),
      countries as (select country from invoiced union select country from credited)
      select k.country, coalesce(v.rate, '') as rate, coalesce(v.label, '') as label, coalesce(v.taxable, 0)::text as taxable, coalesce(v.tax, 0)::text as tax,
        -- A country's credit-note tax is shown once, on its highest-rate line.
        case when row_number() over (partition by k.country order by v.rate::numeric desc nulls last) = 1 then coalesce(cr.tax, 0) else 0 end::text as credited
      from countries k left join invoiced v on v.country = k.country left join credited cr on cr.country = k.country
      order by k.country, v.rate::numeric desc nulls last`),
  );
  const list = rows.map((row) => {
    const taxMinor = big(row.tax);
    const creditedMinor = big(row.credited);
    return { country: row.country ?? '', rate: row.rate!, label: row.label!, taxableMinor: big(row.taxable), taxMinor, creditedMinor, netMinor: taxMinor - creditedMinor };
  });
  return { currency: filter.currency, rows: list, totalNetMinor: list.reduce((sum, r) => sum + r.netMinor, 0n) };
}
