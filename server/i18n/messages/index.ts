// The interface texts by language: one JSON file per area and language, merged here, so each part
// of the app keeps its own texts. Every key exists in both languages (messages.test.ts).
import en from './en.json';
import enBillingDetails from './en/billing-details.json';
import enDunningPolicy from './en/dunning-policy.json';
import enHostedInvoice from './en/hosted-invoice.json';
import enInvoices from './en/invoices.json';
import enMail from './en/mail.json';
import enOverview from './en/overview.json';
import enPaymentCapture from './en/payment-capture.json';
import enPaymentMethods from './en/payment-methods.json';
import enReceipts from './en/receipts.json';
import enStaffAdmin from './en/staff-admin.json';
import enReports from './en/reports.json';
import enSubscription from './en/subscription.json';
import enSupport from './en/support.json';
import fr from './fr.json';
import frBillingDetails from './fr/billing-details.json';
import frDunningPolicy from './fr/dunning-policy.json';
import frHostedInvoice from './fr/hosted-invoice.json';
import frInvoices from './fr/invoices.json';
import frMail from './fr/mail.json';
import frOverview from './fr/overview.json';
import frPaymentCapture from './fr/payment-capture.json';
import frPaymentMethods from './fr/payment-methods.json';
import frReceipts from './fr/receipts.json';
import frStaffAdmin from './fr/staff-admin.json';
import frReports from './fr/reports.json';
import frSubscription from './fr/subscription.json';
import frSupport from './fr/support.json';

export const messages = {
  en: { ...en, ...enPaymentCapture, ...enPaymentMethods, ...enBillingDetails, ...enInvoices, ...enSubscription, ...enOverview, ...enReceipts, ...enHostedInvoice, ...enDunningPolicy, ...enMail, ...enStaffAdmin, ...enReports, ...enSupport },
  fr: { ...fr, ...frPaymentCapture, ...frPaymentMethods, ...frBillingDetails, ...frInvoices, ...frSubscription, ...frOverview, ...frReceipts, ...frHostedInvoice, ...frDunningPolicy, ...frMail, ...frStaffAdmin, ...frReports, ...frSupport },
};

export type Messages = (typeof messages)['en'];
