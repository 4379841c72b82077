// The interface texts by language: one JSON file per area and language, merged here, so each part
// of the app keeps its own texts. Every key exists in both languages (messages.test.ts).
import en from './en.json';
import enHostedInvoice from './en/hosted-invoice.json';
import enPaymentCapture from './en/payment-capture.json';
import enReceipts from './en/receipts.json';
import fr from './fr.json';
import frHostedInvoice from './fr/hosted-invoice.json';
import frPaymentCapture from './fr/payment-capture.json';
import frReceipts from './fr/receipts.json';

export const messages = {
  en: { ...en, ...enPaymentCapture, ...enReceipts, ...enHostedInvoice },
  fr: { ...fr, ...frPaymentCapture, ...frReceipts, ...frHostedInvoice },
};

export type Messages = (typeof messages)['en'];
