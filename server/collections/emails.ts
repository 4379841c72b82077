// The customer e-mails of collections, in English and French, in the one branded layout. Pure:
// each takes what it shows and returns subject, HTML and text. (The receipt lives with payments.)
import { formatDate, formatMoney } from '@/components/format';
import type { Merchant } from '../merchant';
import { renderEmail, type Locale } from '../notifications/layout';

export { localeOf, type Locale } from '../notifications/layout';

export interface InvoiceFacts {
  number: string;
  amountMinor: bigint;
  currency: string;
  dueAt: Date | null;
  payUrl: string;
  paymentReference: string | null;
}

const money = (facts: { amountMinor: bigint; currency: string }, locale: Locale) => formatMoney(facts.amountMinor, facts.currency, locale);

/** The customer-facing words for a decline: what happened and what to do. */
export function plainDecline(code: string, locale: Locale): string {
  const en: Record<string, string> = {
    insufficient_funds: 'your bank reported insufficient funds',
    lost_card: 'your card has been reported lost',
    stolen_card: 'your card has been reported stolen',
    expired_card: 'your card has expired',
    incorrect_number: 'the card number is incorrect',
    fraudulent: 'your bank refused the payment',
    pickup_card: 'your bank refused the payment',
    authentication_required: 'your bank asks you to confirm the payment yourself',
    processing_error: 'an error occurred while processing your card',
    no_payment_method: 'there is no payment method on your account',
  };
  const fr: Record<string, string> = {
    insufficient_funds: 'votre banque a signalé un solde insuffisant',
    lost_card: 'votre carte a été déclarée perdue',
    stolen_card: 'votre carte a été déclarée volée',
    expired_card: 'votre carte a expiré',
    incorrect_number: 'le numéro de carte est incorrect',
    fraudulent: 'votre banque a refusé le paiement',
    pickup_card: 'votre banque a refusé le paiement',
    authentication_required: 'votre banque vous demande de confirmer le paiement vous-même',
    processing_error: 'une erreur est survenue lors du traitement de votre carte',
    no_payment_method: 'aucun moyen de paiement n’est enregistré sur votre compte',
  };
  return (locale === 'fr' ? fr : en)[code] ?? (locale === 'fr' ? 'votre banque a refusé le paiement' : 'your bank declined the payment');
}

const copy = {
  en: {
    invoiceIssued: {
      subject: (m: string, n: string) => `Invoice ${n} from ${m}`,
      heading: (n: string) => `Invoice ${n}`,
      body: (amount: string, due: string) => `Your invoice of ${amount} is ready. It is due on ${due}.`,
      bank: (reference: string) => `To pay by bank transfer, quote the reference ${reference}.`,
      action: 'View and pay the invoice',
      attached: 'The invoice is attached to this e-mail as a PDF.',
    },
    reminder: {
      subjectBefore: (n: string, due: string) => `Reminder: invoice ${n} is due on ${due}`,
      subjectAfter: (n: string) => `Invoice ${n} is overdue`,
      headingBefore: 'Payment reminder',
      headingAfter: 'Your invoice is overdue',
      body: (n: string, amount: string, due: string) => `Invoice ${n} for ${amount} is due on ${due}.`,
      bodyAfter: (n: string, amount: string, due: string) => `Invoice ${n} for ${amount} was due on ${due} and is still unpaid.`,
      action: 'Pay the invoice',
    },
    paymentFailed: {
      subject: (n: string) => `We could not collect the payment for invoice ${n}`,
      heading: 'Your payment did not go through',
      body: (amount: string, n: string, reason: string) => `We tried to collect ${amount} for invoice ${n}, but ${reason}.`,
      retry: (date: string) => `We will try again on ${date}. You can also pay now or update your payment method.`,
      update: 'We will not try this payment method again. Please add a new payment method or pay the invoice now.',
      action: 'Pay or update your payment method',
    },
    finalNotice: {
      subject: (n: string) => `Final notice for invoice ${n}`,
      heading: 'Final notice',
      body: (n: string, amount: string) => `Despite several attempts, invoice ${n} for ${amount} remains unpaid.`,
      canceled: 'Your subscription has been canceled.',
      unpaid: 'Your subscription is suspended until the invoice is paid.',
      pastDue: 'Your subscription stays past due until the invoice is paid.',
      action: 'Pay the invoice',
    },
    upcomingRenewal: {
      subject: (m: string, date: string) => `Your ${m} subscription renews on ${date}`,
      heading: 'Your subscription renews soon',
      body: (date: string, method: string) => `Your subscription renews on ${date}. ${method}`,
      charged: 'We will charge your saved payment method.',
      invoiced: 'We will send you the invoice.',
      action: 'Manage your subscription',
    },
    trialEnding: {
      subject: (date: string) => `Your trial ends on ${date}`,
      heading: 'Your trial ends soon',
      body: (date: string) => `Your free trial ends on ${date}; your paid subscription starts then.`,
      action: 'Review your subscription',
    },
    cardExpiring: {
      subject: (last4: string) => `Your card ending in ${last4} expires soon`,
      heading: 'Your card expires soon',
      body: (brand: string, last4: string, date: string) => `Your ${brand} card ending in ${last4} expires at the end of ${date}. Add a new card to keep your subscription running.`,
      action: 'Update your payment method',
    },
    subscriptionCanceled: {
      subject: 'Your subscription has ended',
      heading: 'Your subscription has ended',
      body: (date: string) => `Your subscription ended on ${date}.`,
      unpaid: 'It was canceled because its invoice could not be collected.',
      action: 'View your account',
    },
    refundIssued: {
      subject: (n: string) => `Refund for invoice ${n}`,
      heading: 'Refund issued',
      body: (amount: string, n: string) => `We refunded ${amount} for invoice ${n}. It can take 5 to 10 business days to reach your account.`,
      action: 'View your billing',
      attached: 'The credit note is attached to this e-mail as a PDF.',
    },
  },
  fr: {
    invoiceIssued: {
      subject: (m: string, n: string) => `Facture ${n} de ${m}`,
      heading: (n: string) => `Facture ${n}`,
      body: (amount: string, due: string) => `Votre facture de ${amount} est disponible. Elle est à régler au plus tard le ${due}.`,
      bank: (reference: string) => `Pour payer par virement, indiquez la référence ${reference}.`,
      action: 'Voir et payer la facture',
      attached: 'La facture est jointe à cet e-mail au format PDF.',
    },
    reminder: {
      subjectBefore: (n: string, due: string) => `Rappel : la facture ${n} est à régler le ${due}`,
      subjectAfter: (n: string) => `La facture ${n} est en retard de paiement`,
      headingBefore: 'Rappel de paiement',
      headingAfter: 'Votre facture est en retard',
      body: (n: string, amount: string, due: string) => `La facture ${n} de ${amount} est à régler le ${due}.`,
      bodyAfter: (n: string, amount: string, due: string) => `La facture ${n} de ${amount} était à régler le ${due} et reste impayée.`,
      action: 'Payer la facture',
    },
    paymentFailed: {
      subject: (n: string) => `Le paiement de la facture ${n} n’a pas abouti`,
      heading: 'Votre paiement n’a pas abouti',
      body: (amount: string, n: string, reason: string) => `Nous avons tenté de prélever ${amount} pour la facture ${n}, mais ${reason}.`,
      retry: (date: string) => `Nous réessaierons le ${date}. Vous pouvez aussi payer dès maintenant ou mettre à jour votre moyen de paiement.`,
      update: 'Nous ne réessaierons pas ce moyen de paiement. Ajoutez-en un nouveau ou payez la facture dès maintenant.',
      action: 'Payer ou mettre à jour le moyen de paiement',
    },
    finalNotice: {
      subject: (n: string) => `Dernier avis pour la facture ${n}`,
      heading: 'Dernier avis',
      body: (n: string, amount: string) => `Malgré plusieurs tentatives, la facture ${n} de ${amount} reste impayée.`,
      canceled: 'Votre abonnement a été résilié.',
      unpaid: 'Votre abonnement est suspendu jusqu’au paiement de la facture.',
      pastDue: 'Votre abonnement reste en retard de paiement jusqu’au règlement de la facture.',
      action: 'Payer la facture',
    },
    upcomingRenewal: {
      subject: (m: string, date: string) => `Votre abonnement ${m} est renouvelé le ${date}`,
      heading: 'Votre abonnement est bientôt renouvelé',
      body: (date: string, method: string) => `Votre abonnement est renouvelé le ${date}. ${method}`,
      charged: 'Nous prélèverons votre moyen de paiement enregistré.',
      invoiced: 'Nous vous enverrons la facture.',
      action: 'Gérer votre abonnement',
    },
    trialEnding: {
      subject: (date: string) => `Votre période d’essai se termine le ${date}`,
      heading: 'Votre période d’essai se termine bientôt',
      body: (date: string) => `Votre essai gratuit se termine le ${date} ; votre abonnement payant commence alors.`,
      action: 'Voir votre abonnement',
    },
    cardExpiring: {
      subject: (last4: string) => `Votre carte se terminant par ${last4} expire bientôt`,
      heading: 'Votre carte expire bientôt',
      body: (brand: string, last4: string, date: string) => `Votre carte ${brand} se terminant par ${last4} expire fin ${date}. Ajoutez une nouvelle carte pour que votre abonnement continue.`,
      action: 'Mettre à jour le moyen de paiement',
    },
    subscriptionCanceled: {
      subject: 'Votre abonnement a pris fin',
      heading: 'Votre abonnement a pris fin',
      body: (date: string) => `Votre abonnement a pris fin le ${date}.`,
      unpaid: 'Il a été résilié car sa facture n’a pas pu être encaissée.',
      action: 'Voir votre compte',
    },
    refundIssued: {
      subject: (n: string) => `Remboursement pour la facture ${n}`,
      heading: 'Remboursement effectué',
      body: (amount: string, n: string) => `Nous avons remboursé ${amount} pour la facture ${n}. Le montant peut mettre 5 à 10 jours ouvrés à apparaître sur votre compte.`,
      action: 'Voir votre facturation',
      attached: 'L’avoir est joint à cet e-mail au format PDF.',
    },
  },
};

type Rendered = { subject: string; html: string; text: string };

function build(merchant: Merchant, locale: Locale, subject: string, heading: string, paragraphs: string[], action?: { label: string; url: string }, footnote?: string): Rendered {
  const { html, text } = renderEmail(merchant, { locale, preheader: paragraphs[0] ?? heading, heading, paragraphs, action, footnote });
  return { subject, html, text };
}

/**
 * The invoice e-mail of send_invoice: pay link and bank reference. Its PDF is attached where it is
 * sent (sendInvoiceEmail in server/collections/collect.ts).
 */
export function invoiceIssuedEmail(merchant: Merchant, locale: Locale, invoice: InvoiceFacts): Rendered {
  const t = copy[locale].invoiceIssued;
  const due = invoice.dueAt ? formatDate(invoice.dueAt, locale) : '—';
  return build(
    merchant,
    locale,
    t.subject(merchant.name, invoice.number),
    t.heading(invoice.number),
    [t.body(money(invoice, locale), due), ...(invoice.paymentReference ? [t.bank(invoice.paymentReference)] : [])],
    { label: t.action, url: invoice.payUrl },
    t.attached,
  );
}

export function reminderEmail(merchant: Merchant, locale: Locale, invoice: InvoiceFacts, when: 'before' | 'after'): Rendered {
  const t = copy[locale].reminder;
  const due = invoice.dueAt ? formatDate(invoice.dueAt, locale) : '—';
  const amount = money(invoice, locale);
  return when === 'before'
    ? build(merchant, locale, t.subjectBefore(invoice.number, due), t.headingBefore, [t.body(invoice.number, amount, due)], { label: t.action, url: invoice.payUrl })
    : build(merchant, locale, t.subjectAfter(invoice.number), t.headingAfter, [t.bodyAfter(invoice.number, amount, due)], { label: t.action, url: invoice.payUrl });
}

export function paymentFailedEmail(merchant: Merchant, locale: Locale, input: { invoice: InvoiceFacts; declineCode: string; nextRetryAt: Date | null }): Rendered {
  const t = copy[locale].paymentFailed;
  return build(
    merchant,
    locale,
    t.subject(input.invoice.number),
    t.heading,
    [t.body(money(input.invoice, locale), input.invoice.number, plainDecline(input.declineCode, locale)), input.nextRetryAt ? t.retry(formatDate(input.nextRetryAt, locale)) : t.update],
    { label: t.action, url: input.invoice.payUrl },
  );
}

export function finalNoticeEmail(merchant: Merchant, locale: Locale, input: { invoice: InvoiceFacts; finalAction: 'cancel_subscription' | 'mark_unpaid' | 'leave_past_due' | null }): Rendered {
  const t = copy[locale].finalNotice;
  const consequence = input.finalAction === 'cancel_subscription' ? t.canceled : input.finalAction === 'mark_unpaid' ? t.unpaid : input.finalAction === 'leave_past_due' ? t.pastDue : null;
  return build(merchant, locale, t.subject(input.invoice.number), t.heading, [t.body(input.invoice.number, money(input.invoice, locale)), ...(consequence ? [consequence] : [])], {
    label: t.action,
    url: input.invoice.payUrl,
  });
}

export function upcomingRenewalEmail(merchant: Merchant, locale: Locale, input: { renewsAt: Date; chargedAutomatically: boolean; portalUrl: string }): Rendered {
  const t = copy[locale].upcomingRenewal;
  const date = formatDate(input.renewsAt, locale);
  return build(merchant, locale, t.subject(merchant.name, date), t.heading, [t.body(date, input.chargedAutomatically ? t.charged : t.invoiced)], { label: t.action, url: input.portalUrl });
}

export function trialEndingEmail(merchant: Merchant, locale: Locale, input: { trialEnd: Date; portalUrl: string }): Rendered {
  const t = copy[locale].trialEnding;
  const date = formatDate(input.trialEnd, locale);
  return build(merchant, locale, t.subject(date), t.heading, [t.body(date)], { label: t.action, url: input.portalUrl });
}

export function cardExpiringEmail(merchant: Merchant, locale: Locale, input: { brand: string; last4: string; expMonth: number; expYear: number; portalUrl: string }): Rendered {
  const t = copy[locale].cardExpiring;
  const month = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(input.expYear, input.expMonth - 1, 1)));
  const brand = input.brand.replace(/^\w/, (c) => c.toUpperCase());
  return build(merchant, locale, t.subject(input.last4), t.heading, [t.body(brand, input.last4, month)], { label: t.action, url: input.portalUrl });
}

export function subscriptionCanceledEmail(merchant: Merchant, locale: Locale, input: { endedAt: Date; forNonPayment: boolean; portalUrl: string }): Rendered {
  const t = copy[locale].subscriptionCanceled;
  return build(merchant, locale, t.subject, t.heading, [t.body(formatDate(input.endedAt, locale)), ...(input.forNonPayment ? [t.unpaid] : [])], { label: t.action, url: input.portalUrl });
}

export function refundIssuedEmail(merchant: Merchant, locale: Locale, input: { amountMinor: bigint; currency: string; invoiceNumber: string; portalUrl: string; creditNoteAttached?: boolean }): Rendered {
  const t = copy[locale].refundIssued;
  return build(merchant, locale, t.subject(input.invoiceNumber), t.heading, [t.body(money(input, locale), input.invoiceNumber)], { label: t.action, url: input.portalUrl }, input.creditNoteAttached ? t.attached : undefined);
}
