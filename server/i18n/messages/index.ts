// The interface texts by language: one JSON file per area and language, merged here, so each part
// of the app keeps its own texts. Every key exists in both languages (messages.test.ts).
import en from './en.json';
import enOverview from './en/overview.json';
import enPaymentCapture from './en/payment-capture.json';
import enSubscription from './en/subscription.json';
import fr from './fr.json';
import frOverview from './fr/overview.json';
import frPaymentCapture from './fr/payment-capture.json';
import frSubscription from './fr/subscription.json';

export const messages = {
  en: { ...en, ...enPaymentCapture, ...enSubscription, ...enOverview },
  fr: { ...fr, ...frPaymentCapture, ...frSubscription, ...frOverview },
};

export type Messages = (typeof messages)['en'];
