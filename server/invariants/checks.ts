// The invariants, each a query returning one row per violation: (subject, detail). They read the
// tables directly on purpose: they check what is stored, not what the domain functions believe.
//
// Line totals follow server/pricing/totals.ts: a line adds amount − discount to the invoice, plus
// its tax only when the tax is exclusive (an inclusive amount already holds its tax).
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { findCardNumbers } from './card-numbers';

export type InvariantCheck = {
  /** Stable, for scripts and alerts: `<subject kind>.<rule>`. */
  name: string;
  /** The rule, in a sentence. */
  rule: string;
} & (
  | { query: SQL }
  /** A check SQL alone cannot make (one that discovers what to read); still one row per violation. */
  | { find: (db: Database) => Promise<Array<{ subject: string; detail: string }>> }
);

const finalised = sql.raw(`status in ('open', 'paid', 'void', 'uncollectible')`);

const lineSums = sql`
  select invoices.id, invoices.number, invoices.subtotal_minor, invoices.discount_minor, invoices.tax_minor, invoices.total_minor,
    coalesce(sum(lines.amount_minor), 0) as lines_amount,
    coalesce(sum(lines.discount_minor), 0) as lines_discount,
    coalesce(sum(lines.tax_minor), 0) as lines_tax,
    coalesce(sum(lines.amount_minor - lines.discount_minor + case when lines.tax_behavior = 'exclusive' then lines.tax_minor else 0 end), 0) as lines_total
  from invoices left join invoice_lines lines on lines.invoice_id = invoices.id
  group by invoices.id`;

const invoiceSubject = sql.raw(`'invoice ' || id || coalesce(' (' || number || ')', '')`);

/**
 * Every number used in a series: invoices by their series column, credit notes (which draw on
 * the same counters) by the series their number starts with, when that series has a counter.
 * Invoice numbers that do not read `<series>-<digits>` are left to invoice.number_matches_series.
 */
const usedNumbers = sql`
  select series, substring(number from length(series) + 2)::numeric as sequence
  from invoices
  where number is not null and series is not null and starts_with(number, series || '-') and substring(number from length(series) + 2) ~ '^[0-9]+$'
  union all
  select counters.series, substring(credit_notes.number from length(counters.series) + 2)::numeric
  from credit_notes join invoice_number_series counters
    on starts_with(credit_notes.number, counters.series || '-') and substring(credit_notes.number from length(counters.series) + 2) ~ '^[0-9]+$'`;

export const invariantChecks: readonly InvariantCheck[] = [
  {
    name: 'invoice.paid_has_nothing_remaining',
    rule: 'A paid invoice has amount_remaining = 0.',
    query: sql`select ${invoiceSubject} as subject, format('is paid but %s remains', amount_remaining_minor) as detail
      from invoices where status = 'paid' and amount_remaining_minor <> 0`,
  },
  {
    name: 'invoice.nothing_remaining_is_paid',
    rule: 'A finalised, non-void invoice with a positive total and nothing remaining is paid.',
    query: sql`select ${invoiceSubject} as subject, format('is %s with a total of %s and nothing remaining', status, total_minor) as detail
      from invoices where status in ('open', 'uncollectible') and amount_remaining_minor = 0 and total_minor > 0`,
  },
  {
    name: 'invoice.amount_due',
    rule: 'amount_due = total − credit_applied.',
    query: sql`select ${invoiceSubject} as subject,
        format('amount_due is %s, but total %s − credit applied %s = %s', amount_due_minor, total_minor, credit_applied_minor, total_minor - credit_applied_minor) as detail
      from invoices where amount_due_minor <> total_minor - credit_applied_minor`,
  },
  {
    name: 'invoice.amount_remaining',
    rule: 'On an open or paid invoice, amount_remaining = amount_due − amount_paid − what credit notes took off it.',
    query: sql`select ${invoiceSubject} as subject,
        format('amount_remaining is %s, but amount_due %s − amount_paid %s − credited %s = %s', amount_remaining_minor, amount_due_minor, amount_paid_minor, credited, amount_due_minor - amount_paid_minor - credited) as detail
      from (select invoices.*, coalesce((select sum(applied_to_invoice_minor) from credit_notes where credit_notes.invoice_id = invoices.id), 0) as credited from invoices) i
      where status in ('open', 'paid') and amount_remaining_minor <> amount_due_minor - amount_paid_minor - credited`,
  },
  {
    name: 'invoice.subtotal_is_lines',
    rule: 'The subtotal is the sum of the line amounts.',
    query: sql`select ${invoiceSubject} as subject, format('subtotal is %s, the lines add up to %s', subtotal_minor, lines_amount) as detail
      from (${lineSums}) sums where subtotal_minor <> lines_amount`,
  },
  {
    name: 'invoice.discount_is_lines',
    rule: 'The discount is the sum of the line discounts.',
    query: sql`select ${invoiceSubject} as subject, format('discount is %s, the lines add up to %s', discount_minor, lines_discount) as detail
      from (${lineSums}) sums where discount_minor <> lines_discount`,
  },
  {
    name: 'invoice.tax_is_lines',
    rule: 'The tax is the sum of the line taxes.',
    query: sql`select ${invoiceSubject} as subject, format('tax is %s, the lines add up to %s', tax_minor, lines_tax) as detail
      from (${lineSums}) sums where tax_minor <> lines_tax`,
  },
  {
    name: 'invoice.total_is_lines',
    rule: 'The total is the sum of the line totals: amount − discount, plus tax on exclusive lines only.',
    query: sql`select ${invoiceSubject} as subject, format('total is %s, the line totals add up to %s', total_minor, lines_total) as detail
      from (${lineSums}) sums where total_minor <> lines_total`,
  },
  {
    name: 'invoice.one_per_subscription_period',
    rule: 'A subscription has at most one creation or renewal invoice per period start.',
    query: sql`select format('subscription %s, period starting %s', subscription_id, to_char(period_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')) as subject,
        format('%s invoices: %s', count(*), string_agg(id, ', ' order by id)) as detail
      from invoices
      where subscription_id is not null and period_start is not null and billing_reason in ('subscription_create', 'subscription_cycle')
      group by subscription_id, period_start having count(*) > 1`,
  },
  {
    name: 'invoice.finalised_is_complete',
    rule: 'A finalised invoice has a number, customer and merchant snapshots and finalized_at.',
    query: sql`select ${invoiceSubject} as subject, format('is %s but has no %s', status, concat_ws(', ',
          case when number is null then 'number' end,
          case when customer_snapshot is null then 'customer snapshot' end,
          case when merchant_snapshot is null then 'merchant snapshot' end,
          case when finalized_at is null then 'finalized_at' end)) as detail
      from invoices
      where ${finalised} and (number is null or customer_snapshot is null or merchant_snapshot is null or finalized_at is null)`,
  },
  {
    name: 'invoice.number_matches_series',
    rule: 'An invoice number reads <series>-<sequence>, e.g. INV-2026-000123 in series INV-2026.',
    query: sql`select ${invoiceSubject} as subject, format('number %s does not belong to series %s', number, coalesce(series, '(none)')) as detail
      from invoices
      where number is not null and (series is null or not starts_with(number, series || '-') or substring(number from length(series) + 2) !~ '^[0-9]+$')`,
  },
  {
    name: 'numbering.gapless',
    rule: 'The numbers used in a series are exactly 1, 2, …, the highest, each once.',
    query: sql`select 'series ' || series as subject,
        format('uses %s numbers from %s to %s: %s missing, %s repeated', count(*), min(sequence), max(sequence),
          greatest(max(sequence) - count(distinct sequence) filter (where sequence >= 1), 0), count(*) - count(distinct sequence)) as detail
      from (${usedNumbers}) used
      group by series having min(sequence) <> 1 or max(sequence) <> count(*) or count(distinct sequence) <> count(*)`,
  },
  {
    name: 'numbering.next_number',
    rule: 'A series counter is one more than the highest number used in it (1 when none is).',
    query: sql`select 'series ' || coalesce(counters.series, used.series) as subject,
        case when counters.series is null then format('numbers up to %s are used but the series has no counter', used.highest)
          else format('next_number is %s, the highest number used is %s', counters.next_number, coalesce(used.highest, 0)) end as detail
      from invoice_number_series counters
      full join (select series, max(sequence) as highest from (${usedNumbers}) numbers group by series) used on used.series = counters.series
      where counters.series is null or counters.next_number <> coalesce(used.highest, 0) + 1`,
  },
  {
    name: 'customer.credit_balance',
    rule: 'A customer’s credit balance is the sum of its balance transactions.',
    query: sql`select 'customer ' || customers.id as subject,
        format('credit balance is %s, the transactions add up to %s', customers.credit_balance_minor, coalesce(ledger.total, 0)) as detail
      from customers
      left join (select customer_id, sum(amount_minor) as total from customer_balance_transactions group by customer_id) ledger on ledger.customer_id = customers.id
      where customers.credit_balance_minor <> coalesce(ledger.total, 0)`,
  },
  {
    name: 'coupon.times_redeemed',
    rule: 'A coupon’s times_redeemed is the number of its redemptions.',
    query: sql`select format('coupon %s (%s)', coupons.id, coupons.code) as subject,
        format('times_redeemed is %s, %s redemptions are recorded', coupons.times_redeemed, coalesce(recorded.total, 0)) as detail
      from coupons
      left join (select coupon_id, count(*) as total from coupon_redemptions group by coupon_id) recorded on recorded.coupon_id = coupons.id
      where coupons.times_redeemed <> coalesce(recorded.total, 0)`,
  },
  {
    name: 'coupon.within_limit',
    rule: 'A coupon is redeemed at most max_redemptions times.',
    query: sql`select format('coupon %s (%s)', id, code) as subject, format('redeemed %s times, the limit is %s', times_redeemed, max_redemptions) as detail
      from coupons where max_redemptions is not null and times_redeemed > max_redemptions`,
  },
  {
    name: 'payment.refunds_within_amount',
    rule: 'The refunds of a payment that succeeded or are on their way add up to at most its amount.',
    query: sql`select 'payment ' || payments.id as subject, format('refunds (succeeded or pending) add up to %s, the payment is %s', refunded.total, payments.amount_minor) as detail
      from payments join (select payment_id, sum(amount_minor) as total from refunds where status in ('succeeded', 'pending') group by payment_id) refunded on refunded.payment_id = payments.id
      where refunded.total > payments.amount_minor`,
  },
  {
    name: 'payment.amount_refunded',
    rule: 'A payment’s amount_refunded is the sum of its succeeded refunds.',
    query: sql`select 'payment ' || payments.id as subject, format('amount_refunded is %s, its succeeded refunds add up to %s', payments.amount_refunded_minor, coalesce(refunded.total, 0)) as detail
      from payments left join (select payment_id, sum(amount_minor) as total from refunds where status = 'succeeded' group by payment_id) refunded on refunded.payment_id = payments.id
      where payments.amount_refunded_minor <> coalesce(refunded.total, 0)`,
  },
  {
    name: 'payment.one_success_per_attempt',
    rule: 'An invoice’s attempt number has at most one succeeded payment.',
    query: sql`select format('invoice %s, attempt %s', invoice_id, attempt) as subject, format('%s succeeded payments: %s', count(*), string_agg(id, ', ' order by id)) as detail
      from payments where status = 'succeeded' group by invoice_id, attempt having count(*) > 1`,
  },
  {
    name: 'payment.one_in_flight_per_invoice',
    rule: 'An invoice has at most one payment attempt in flight (processing or requires_action).',
    query: sql`select 'invoice ' || invoice_id as subject, format('%s attempts in flight: %s', count(*), string_agg(id, ', ' order by id)) as detail
      from payments where status in ('processing', 'requires_action') group by invoice_id having count(*) > 1`,
  },
  {
    name: 'invoice.amount_paid_is_payments',
    rule: 'An invoice’s amount_paid is the sum, over its succeeded payments, of amount − overpaid (the excess went to credit).',
    query: sql`select ${invoiceSubject} as subject, format('amount_paid is %s, its succeeded payments applied %s', amount_paid_minor, applied) as detail
      from (select invoices.*, coalesce((select sum(amount_minor - overpaid_minor) from payments where payments.invoice_id = invoices.id and payments.status = 'succeeded'), 0) as applied from invoices) i
      where amount_paid_minor <> applied`,
  },
  {
    name: 'webhook.stored_once',
    rule: 'A gateway’s webhook event is stored once.',
    query: sql`select format('gateway %s, event %s', gateway, event_id) as subject, format('stored %s times: %s', count(*), string_agg(id, ', ' order by id)) as detail
      from webhook_events group by gateway, event_id having count(*) > 1`,
  },
  {
    name: 'webhook.processed_has_time',
    rule: 'A processed webhook event records when it was processed.',
    query: sql`select format('webhook event %s (%s %s)', id, gateway, event_id) as subject, 'is processed but has no processed_at' as detail
      from webhook_events where status = 'processed' and processed_at is null`,
  },
  {
    name: 'dunning.only_while_owed',
    rule: 'An active dunning belongs to an open invoice that still owes something.',
    query: sql`select format('dunning of invoice %s', d.invoice_id) as subject, format('is active but the invoice is %s with %s remaining', i.status, i.amount_remaining_minor) as detail
      from invoice_dunnings d join invoices i on i.id = d.invoice_id
      where d.status = 'active' and (i.status <> 'open' or i.amount_remaining_minor <= 0)`,
  },
  {
    name: 'dunning.stops_with_subscription',
    rule: 'A canceled subscription has no active dunning.',
    query: sql`select format('dunning of invoice %s', d.invoice_id) as subject, format('is active but subscription %s is canceled', s.id) as detail
      from invoice_dunnings d join subscriptions s on s.id = d.subscription_id
      where d.status = 'active' and s.status = 'canceled'`,
  },
  {
    name: 'collection.no_charge_after_cancellation',
    rule: 'No automatic charge is made for a subscription after it ended.',
    query: sql`select format('payment %s', p.id) as subject, format('automatic attempt %s at %s, after subscription %s ended at %s', p.attempt, p.created_at, s.id, s.ended_at) as detail
      from payments p join invoices i on i.id = p.invoice_id join subscriptions s on s.id = i.subscription_id
      where p.initiated_by = 'automatic' and s.ended_at is not null and p.created_at > s.ended_at`,
  },
  {
    name: 'collection.no_reminder_when_settled',
    rule: 'No reminder, retry or late notice is recorded after the invoice was paid, voided or marked uncollectible.',
    query: sql`select format('message %s', m.id) as subject, format('%s for invoice %s recorded at %s, after it was %s', m.kind, i.id, m.created_at, i.status) as detail
      from outbox_messages m join invoices i on m.dedupe_key like m.kind || ':' || i.id || '%'
      where m.kind in ('invoice_reminder', 'payment_failed', 'final_notice')
        and m.created_at > coalesce(i.paid_at, i.voided_at, i.marked_uncollectible_at, 'infinity'::timestamptz)`,
  },
  {
    name: 'dunning.steps_on_timeline',
    rule: 'Every dunning appears on its customer’s timeline, with each closing step.',
    query: sql`select format('dunning of invoice %s', d.invoice_id) as subject, format('is %s but its %s step is not on the timeline', d.status, missing.kind) as detail
      from invoice_dunnings d
      cross join lateral (values ('dunning.started'), (case d.status when 'recovered' then 'dunning.recovered' when 'exhausted' then 'dunning.exhausted' when 'stopped' then 'dunning.stopped' end)) as missing(kind)
      where missing.kind is not null
        and not exists (select 1 from timeline_events t where t.invoice_id = d.invoice_id and t.kind = missing.kind)`,
  },
  {
    name: 'database.no_card_numbers',
    rule: 'No text or JSON column holds a card number (a Luhn-valid run of 13 to 19 digits).',
    find: async (db) =>
      (await findCardNumbers(db)).map((finding) => ({ subject: `${finding.table}.${finding.column} of row ${finding.row}`, detail: `holds a card number (${finding.masked})` })),
  },
];
