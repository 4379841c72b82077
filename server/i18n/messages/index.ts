// The interface texts by language: one JSON file per area and language, merged here, so each part
// of the app keeps its own texts. Every key exists in both languages (messages.test.ts).
import en from './en.json';
import enBillingDetails from './en/billing-details.json';
import enHostedInvoice from './en/hosted-invoice.json';
import enInvoices from './en/invoices.json';
import enOverview from './en/overview.json';
import enPaymentCapture from './en/payment-capture.json';
import enPaymentMethods from './en/payment-methods.json';
import enReceipts from './en/receipts.json';
import enSubscription from './en/subscription.json';
import fr from './fr.json';
import frBillingDetails from './fr/billing-details.json';
import frHostedInvoice from './fr/hosted-invoice.json';
import frInvoices from './fr/invoices.json';
import frOverview from './fr/overview.json';
import frPaymentCapture from './fr/payment-capture.json';
import frPaymentMethods from './fr/payment-methods.json';
import frReceipts from './fr/receipts.json';
import frSubscription from './fr/subscription.json';

export const messages = {
  en: { ...en, ...enPaymentCapture, ...enPaymentMethods, ...enBillingDetails, ...enInvoices, ...enSubscription, ...enOverview, ...enReceipts, ...enHostedInvoice },
  fr: { ...fr, ...frPaymentCapture, ...frPaymentMethods, ...frBillingDetails, ...frInvoices, ...frSubscription, ...frOverview, ...frReceipts, ...frHostedInvoice },
};

export type Messages = (typeof messages)['en'];
