// The invoice as a PDF: parties from the invoice's snapshots, lines with their periods and
// proration marks, discount, VAT per rate, totals, what was paid and what remains, the terms, the
// bank-transfer reference and the mentions a French B2B invoice must carry.
import { Document, Text, View } from '@react-pdf/renderer';
import { documentCopy } from './copy';
import type { DocumentLine, InvoiceDocument } from './data';
import { formatDate, formatMoney, formatPercent, formatQuantity, formatUnitPrice } from './format';
import { colors, DocumentPage, Facts, Parties, styles, TitleBlock, TotalRow } from './layout';

const columns = { quantity: 38, unitPrice: 86, taxRate: 40, amount: 84 };

export function InvoicePdf({ invoice }: { invoice: InvoiceDocument }) {
  const { locale, currency } = invoice;
  const copy = documentCopy[locale];
  const money = (amountMinor: bigint) => formatMoney(amountMinor, currency, locale);
  const date = (value: Date) => formatDate(value, locale);
  const allExclusive = invoice.lines.every((line) => line.taxBehavior === 'exclusive');
  const stamp =
    invoice.status === 'paid'
      ? { text: invoice.paidAt ? copy.paidOn(date(invoice.paidAt)) : copy.status.paid, color: colors.paid }
      : invoice.status === 'void' || invoice.status === 'uncollectible'
        ? { text: copy.status[invoice.status], color: colors.void }
        : null;
  const taxedGroups = invoice.taxGroups.filter((group) => group.percent !== null);
  const mention = invoice.taxMention?.[locale] ?? null;
  // After the discount and without the tax of tax-inclusive lines; shown when it differs from the subtotal.
  const netTotalMinor = invoice.taxGroups.reduce((sum, group) => sum + group.netMinor, 0n);

  return (
    <Document
      title={`${copy.invoice} ${invoice.number}`}
      author={invoice.merchant.legalName || invoice.merchant.name}
      subject={`${copy.invoice} ${invoice.number} — ${invoice.customer.name}`}
      creator="Settle"
      producer="Settle"
      language={locale}
      creationDate={invoice.issuedAt}
      modificationDate={invoice.issuedAt}
    >
      <DocumentPage merchant={invoice.merchant} copy={copy} reference={`${copy.invoice} ${invoice.number}`}>
        <TitleBlock title={copy.invoice} number={invoice.number} merchant={invoice.merchant} stamp={stamp} />
        <Parties merchant={invoice.merchant} customer={invoice.customer} locale={locale} copy={copy} />
        <Facts
          facts={[
            [copy.issuedOn, date(invoice.issuedAt)],
            [copy.dueOn, invoice.dueAt ? date(invoice.dueAt) : copy.dueOnReceipt],
            [copy.paymentTerms, invoice.paymentTermsDays > 0 ? copy.netDays(invoice.paymentTermsDays) : copy.dueOnReceipt],
            invoice.periodStart && invoice.periodEnd ? [copy.servicePeriod, copy.period(date(invoice.periodStart), date(invoice.periodEnd))] : null,
          ]}
        />

        <View style={styles.section}>
          <View style={styles.tableHeader} fixed>
            <Text style={[styles.headerCell, { flex: 1 }]}>{copy.description}</Text>
            <Text style={[styles.headerCell, styles.right, { width: columns.quantity }]}>{copy.quantity}</Text>
            <Text style={[styles.headerCell, styles.right, { width: columns.unitPrice }]}>{copy.unitPrice}</Text>
            <Text style={[styles.headerCell, styles.right, { width: columns.taxRate }]}>{copy.taxRate}</Text>
            <Text style={[styles.headerCell, styles.right, { width: columns.amount }]}>{allExclusive ? copy.amountExclTax : copy.amount}</Text>
          </View>
          {invoice.lines.map((line, index) => (
            <LineRow key={index} line={line} invoice={invoice} />
          ))}
        </View>

        <View style={styles.totals} wrap={false}>
          <TotalRow label={copy.subtotal} value={money(invoice.subtotalMinor)} />
          {invoice.discountMinor !== 0n ? <TotalRow label={copy.discount} value={money(-invoice.discountMinor)} /> : null}
          {netTotalMinor !== invoice.subtotalMinor ? <TotalRow label={copy.totalExclTax} value={money(netTotalMinor)} /> : null}
          {taxedGroups.map((group) => (
            <TotalRow key={group.percent} label={`${copy.vat} ${formatPercent(group.percent!, locale)}`} value={money(group.taxMinor)} />
          ))}
          <TotalRow label={copy.total} value={money(invoice.totalMinor)} strong />
          {invoice.creditAppliedMinor !== 0n ? (
            <>
              <TotalRow label={copy.creditApplied} value={money(-invoice.creditAppliedMinor)} muted />
              <TotalRow label={copy.amountDue} value={money(invoice.amountDueMinor)} />
            </>
          ) : null}
          {invoice.amountPaidMinor !== 0n ? <TotalRow label={copy.amountPaid} value={money(-invoice.amountPaidMinor)} muted /> : null}
          {invoice.creditedMinor !== 0n ? <TotalRow label={copy.credited} value={money(-invoice.creditedMinor)} muted /> : null}
          <TotalRow label={copy.amountRemaining} value={money(invoice.status === 'void' ? 0n : invoice.amountRemainingMinor)} strong />
        </View>

        {taxedGroups.length ? (
          <View style={[styles.section, { width: 300 }]} wrap={false}>
            <Text style={styles.label}>{copy.taxSummary}</Text>
            <View style={styles.tableHeader}>
              <Text style={[styles.headerCell, { flex: 1 }]}>{copy.rate}</Text>
              <Text style={[styles.headerCell, styles.right, { width: 100 }]}>{copy.taxableAmount}</Text>
              <Text style={[styles.headerCell, styles.right, { width: 100 }]}>{copy.taxAmount}</Text>
            </View>
            {taxedGroups.map((group) => (
              <View key={group.percent} style={styles.tableRow}>
                <Text style={{ flex: 1 }}>{`${copy.vat} ${formatPercent(group.percent!, locale)}`}</Text>
                <Text style={[styles.right, { width: 100 }]}>{money(group.netMinor)}</Text>
                <Text style={[styles.right, { width: 100 }]}>{money(group.taxMinor)}</Text>
              </View>
            ))}
          </View>
        ) : null}

        <View style={[styles.section, styles.box]} wrap={false}>
          <Text style={styles.label}>{copy.payment}</Text>
          {invoice.collectionMethod === 'charge_automatically' ? <Text>{copy.chargedAutomatically}</Text> : <Text>{copy.payByTransfer}</Text>}
          {invoice.paymentReference ? (
            <Text style={{ marginTop: 3 }}>
              <Text style={styles.muted}>{copy.paymentReference} </Text>
              <Text style={styles.bold}>{invoice.paymentReference}</Text>
            </Text>
          ) : null}
        </View>

        <View style={styles.section} wrap={false}>
          {mention ? <Text style={styles.strongMention}>{mention}</Text> : null}
          {/* A French merchant's invoice carries the French wording of the mention in any language. */}
          {mention && locale !== 'fr' && invoice.merchant.country === 'FR' && invoice.taxMention?.fr ? <Text style={styles.mention}>{invoice.taxMention.fr}</Text> : null}
          {invoice.reverseCharge ? <Text style={styles.mention}>{copy.reverseChargeNote}</Text> : null}
          {invoice.merchant.country === 'FR' ? <Text style={styles.mention}>{copy.latePayment}</Text> : null}
          {invoice.lines.some((line) => line.proration) ? <Text style={styles.mention}>{copy.prorationNote}</Text> : null}
          {invoice.merchant.supportEmail ? <Text style={styles.mention}>{copy.questions(invoice.merchant.supportEmail)}</Text> : null}
        </View>
      </DocumentPage>
    </Document>
  );
}

function LineRow({ line, invoice }: { line: DocumentLine; invoice: InvoiceDocument }) {
  const { locale, currency } = invoice;
  const copy = documentCopy[locale];
  const unitPrice = line.unitAmountDecimal !== null ? formatUnitPrice(line.unitAmountDecimal, currency, locale) : line.quantity === 1n ? formatMoney(line.amountMinor, currency, locale) : '—';
  return (
    <View style={styles.tableRow} wrap={false}>
      <View style={{ flex: 1, paddingRight: 8 }}>
        <Text>{line.description}</Text>
        {line.periodStart && line.periodEnd ? (
          <Text style={[styles.muted, styles.small]}>{copy.period(formatDate(line.periodStart, locale), formatDate(line.periodEnd, locale))}</Text>
        ) : null}
        {line.proration ? <Text style={styles.badge}>{copy.proration}</Text> : null}
        {line.discountMinor !== 0n ? (
          <Text style={[styles.muted, styles.small]}>{`${copy.discount} ${formatMoney(-line.discountMinor, currency, locale)}`}</Text>
        ) : null}
      </View>
      <Text style={[styles.right, { width: columns.quantity }]}>{formatQuantity(line.quantity, locale)}</Text>
      <Text style={[styles.right, { width: columns.unitPrice }]}>{unitPrice}</Text>
      <Text style={[styles.right, { width: columns.taxRate }]}>{line.taxRate !== null ? formatPercent(line.taxRate, locale) : '—'}</Text>
      <Text style={[styles.right, { width: columns.amount }]}>{formatMoney(line.amountMinor, currency, locale)}</Text>
    </View>
  );
}
