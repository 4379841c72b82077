// The credit note as a PDF: its number, the invoice it credits, the reason, the credited lines
// (tax included), the VAT share, and where the money went (invoice, balance, refund).
import { Document, Text, View } from '@react-pdf/renderer';
import { documentCopy } from './copy';
import type { CreditNoteDocument } from './data';
import { formatDate, formatMoney, formatPercent } from './format';
import { DocumentPage, Facts, Parties, styles, TitleBlock, TotalRow } from './layout';

export function CreditNotePdf({ note }: { note: CreditNoteDocument }) {
  const { locale, currency } = note;
  const copy = documentCopy[locale];
  const money = (amountMinor: bigint) => formatMoney(amountMinor, currency, locale);
  const mention = note.taxMention?.[locale] ?? null;
  return (
    <Document
      title={`${copy.creditNote} ${note.number}`}
      author={note.merchant.legalName || note.merchant.name}
      subject={`${copy.creditNote} ${note.number} — ${copy.creditsInvoice} ${note.invoiceNumber}`}
      creator="Settle"
      producer="Settle"
      language={locale}
      creationDate={note.issuedAt}
      modificationDate={note.issuedAt}
    >
      <DocumentPage merchant={note.merchant} copy={copy} reference={`${copy.creditNote} ${note.number}`}>
        <TitleBlock title={copy.creditNote} number={note.number} merchant={note.merchant} />
        <Parties merchant={note.merchant} customer={note.customer} locale={locale} copy={copy} />
        <Facts
          facts={[
            [copy.issuedOn, formatDate(note.issuedAt, locale)],
            [copy.creditsInvoice, note.invoiceNumber],
            [copy.invoiceDate, formatDate(note.invoiceIssuedAt, locale)],
            [copy.reason, copy.reasons[note.reason] ?? note.reason],
          ]}
        />
        {note.memo ? (
          <View style={styles.section}>
            <Text style={styles.label}>{copy.note}</Text>
            <Text>{note.memo}</Text>
          </View>
        ) : null}

        <View style={styles.section}>
          <View style={styles.tableHeader} fixed>
            <Text style={[styles.headerCell, { flex: 1 }]}>{copy.description}</Text>
            <Text style={[styles.headerCell, styles.right, { width: 90 }]}>{copy.taxIncluded}</Text>
            <Text style={[styles.headerCell, styles.right, { width: 90 }]}>{copy.amount}</Text>
          </View>
          {note.lines.map((line, index) => (
            <View key={index} style={styles.tableRow} wrap={false}>
              <Text style={{ flex: 1, paddingRight: 8 }}>{line.description}</Text>
              <Text style={[styles.right, { width: 90 }]}>{money(line.taxMinor)}</Text>
              <Text style={[styles.right, { width: 90 }]}>{money(line.totalMinor)}</Text>
            </View>
          ))}
        </View>

        <View style={styles.totals} wrap={false}>
          <TotalRow label={copy.subtotal} value={money(note.subtotalMinor)} />
          <TotalRow label={note.taxPercent !== null ? `${copy.vat} ${formatPercent(note.taxPercent, locale)}` : copy.vat} value={money(note.taxMinor)} />
          <TotalRow label={copy.totalCredited} value={money(note.totalMinor)} strong />
          {note.appliedToInvoiceMinor !== 0n ? <TotalRow label={copy.appliedToInvoice} value={money(note.appliedToInvoiceMinor)} muted /> : null}
          {note.creditedToBalanceMinor !== 0n ? <TotalRow label={copy.creditedToBalance} value={money(note.creditedToBalanceMinor)} muted /> : null}
          {note.refundedMinor !== 0n ? <TotalRow label={copy.refunded} value={money(note.refundedMinor)} muted /> : null}
        </View>

        <View style={styles.section} wrap={false}>
          {mention ? <Text style={styles.strongMention}>{mention}</Text> : null}
          {note.merchant.supportEmail ? <Text style={styles.mention}>{copy.questions(note.merchant.supportEmail)}</Text> : null}
        </View>
      </DocumentPage>
    </Document>
  );
}
