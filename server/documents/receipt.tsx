// The receipt of one succeeded payment: who paid whom, when, how (card brand and last 4, SEPA
// account, wallet or bank transfer), how much, and for which invoice.
import { Document, Text, View } from '@react-pdf/renderer';
import { documentCopy, type DocumentCopy } from './copy';
import type { ReceiptDocument } from './data';
import { formatDate, formatMoney } from './format';
import { colors, DocumentPage, Facts, Parties, styles, TitleBlock, TotalRow } from './layout';

const capitalise = (value: string) => value.replace(/^\w/, (letter) => letter.toUpperCase());

export function paymentMethodText(method: ReceiptDocument['method'], copy: DocumentCopy): string {
  switch (method.type) {
    case 'card':
      return copy.card(capitalise(method.brand ?? 'card'), method.last4 ?? '····');
    case 'sepa_debit':
      return copy.sepa(method.last4 ?? '····');
    case 'wallet':
      return copy.wallet(capitalise((method.walletType ?? 'wallet').replace(/_/g, ' ')), method.last4);
    default:
      return copy.bankTransfer;
  }
}

export function ReceiptPdf({ receipt }: { receipt: ReceiptDocument }) {
  const { locale, currency } = receipt;
  const copy = documentCopy[locale];
  const money = (amountMinor: bigint) => formatMoney(amountMinor, currency, locale);
  return (
    <Document
      title={`${copy.receipt} ${receipt.receiptNumber}`}
      author={receipt.merchant.legalName || receipt.merchant.name}
      subject={`${copy.receipt} — ${copy.forInvoice} ${receipt.invoiceNumber}`}
      creator="Settle"
      producer="Settle"
      language={locale}
      creationDate={receipt.paidAt}
      modificationDate={receipt.paidAt}
    >
      <DocumentPage merchant={receipt.merchant} copy={copy} reference={`${copy.receipt} ${receipt.receiptNumber}`}>
        <TitleBlock title={copy.receipt} number={receipt.receiptNumber} merchant={receipt.merchant} stamp={{ text: copy.status.paid, color: colors.paid }} />
        <Parties merchant={receipt.merchant} customer={receipt.customer} locale={locale} copy={copy} />
        <Facts
          facts={[
            [copy.paymentDate, formatDate(receipt.paidAt, locale)],
            [copy.forInvoice, receipt.invoiceNumber],
            [copy.amountPaidReceipt, money(receipt.amountMinor)],
            [copy.paymentMethod, paymentMethodText(receipt.method, copy)],
          ]}
        />
        <View style={styles.totals} wrap={false}>
          <TotalRow label={copy.invoiceTotal} value={money(receipt.invoiceTotalMinor)} muted />
          <TotalRow label={copy.amountPaidReceipt} value={money(receipt.amountMinor)} strong />
        </View>
        <View style={styles.section}>
          <Text style={styles.bold}>{copy.thanks}</Text>
          {receipt.merchant.supportEmail ? <Text style={styles.mention}>{copy.questions(receipt.merchant.supportEmail)}</Text> : null}
        </View>
      </DocumentPage>
    </Document>
  );
}
