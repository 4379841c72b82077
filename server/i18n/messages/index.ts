// The interface texts by language: one JSON file per area and language, merged here, so each part
// of the app keeps its own texts. Every key exists in both languages (messages.test.ts).
import en from './en.json';
import enInvoices from './en/invoices.json';
import enPaymentCapture from './en/payment-capture.json';
import fr from './fr.json';
import frInvoices from './fr/invoices.json';
import frPaymentCapture from './fr/payment-capture.json';

export const messages = {
  en: { ...en, ...enPaymentCapture, ...enInvoices },
  fr: { ...fr, ...frPaymentCapture, ...frInvoices },
};

export type Messages = (typeof messages)['en'];
