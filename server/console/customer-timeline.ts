// The one timeline of a customer, merged from the rows billing already writes: recorded timeline
// events (payments, dunning, refunds, methods), invoices (finalised, voided, uncollectible), the
// outbox (every e-mail), audit rows (every staff action) and notes. Pure: the 360 query hands it
// the rows. Entries of one invoice form a thread; each entry names the one before it in its thread
// as its cause, so a page can say "charge failed → retry scheduled 3 days later → paid".

export interface TimelineFacts {
  amountMinor?: string | null;
  currency?: string | null;
  attempt?: number | null;
  maxAttempts?: number | null;
  declineCode?: string | null;
  failureCode?: string | null;
  /** "visa •••• 4242" — display data only. */
  method?: string | null;
  /** Whole days from this entry to the retry it scheduled. */
  inDays?: number | null;
  nextRetryAt?: string | null;
  emailKind?: string | null;
  subject?: string | null;
  to?: string | null;
  status?: string | null;
  action?: string | null;
  actor?: string | null;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
  body?: string | null;
  billingReason?: string | null;
  finalAction?: string | null;
  /** The English explanation recorded with the event, for support to read as is. */
  detail?: string | null;
}

export interface TimelineItem {
  id: string;
  at: Date;
  kind: string;
  invoiceId: string | null;
  invoiceNumber: string | null;
  paymentId: string | null;
  facts: TimelineFacts;
  /** The entry before this one in the same invoice's thread. */
  causeId: string | null;
}

export interface TimelineSources {
  events: Array<{ id: string; occurredAt: Date; createdAt: Date; kind: string; invoiceId: string | null; paymentId: string | null; data: unknown }>;
  invoices: Array<{ id: string; number: string | null; totalMinor: bigint; currency: string; billingReason: string; finalizedAt: Date | null; voidedAt: Date | null; markedUncollectibleAt: Date | null }>;
  emails: Array<{ id: string; kind: string; toAddress: string; subject: string; status: string; createdAt: Date; dedupeKey: string | null }>;
  audits: Array<{ id: string; actorType: string; actorId: string | null; actorEmail: string | null; action: string; subjectType: string; subjectId: string; reason: string | null; before: unknown; after: unknown; createdAt: Date }>;
  notes: Array<{ id: string; authorEmail: string; body: string; createdAt: Date }>;
  /** The customer's payment attempts: they thread audit rows and order what happened at one instant. */
  payments: Array<{ id: string; invoiceId: string; attempt: number; initiatedBy: string; status: string; paymentMethodId: string | null }>;
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * Within one attempt at one instant, causes come first: a staff action, then the invoice, the
 * method, the charge, what dunning decided, and the e-mail that told the customer.
 */
const tieOrder = (kind: string): number => {
  if (kind === 'audit' || kind === 'note') return 0;
  if (kind.startsWith('invoice.finalized')) return 1;
  if (kind.startsWith('payment_method.')) return 2;
  if (kind.startsWith('payment.') || kind.startsWith('refund.') || kind.startsWith('dispute.')) return 3;
  if (kind === 'invoice.paid' || kind.startsWith('credit.')) return 4;
  if (kind === 'dunning.started') return 5;
  if (kind.startsWith('dunning.') || kind.startsWith('collection.') || kind.startsWith('subscription.')) return 6;
  if (kind.startsWith('invoice.')) return 7;
  if (kind.startsWith('reminder.')) return 8;
  if (kind === 'email.sent') return 9;
  return 10;
};

/** A retry queued because a new method arrived comes before the charge it makes, like the method itself. */
const tieOf = (item: Pick<TimelineItem, 'kind' | 'facts'>) => (item.kind === 'dunning.retry_scheduled' && !item.facts.nextRetryAt ? tieOrder('payment_method.') : tieOrder(item.kind));

const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : typeof value === 'number' || typeof value === 'bigint' ? String(value) : null);
const number = (value: unknown): number | null => (typeof value === 'number' ? value : null);

function methodLabel(method: unknown): string | null {
  if (!method || typeof method !== 'object') return null;
  const m = method as { type?: string; brand?: string | null; last4?: string | null; walletType?: string | null };
  const name = m.walletType ?? m.brand ?? m.type ?? null;
  return m.last4 ? `${name ?? ''} •••• ${m.last4}`.trim() : name;
}

function factsOfEvent(kind: string, occurredAt: Date, raw: unknown): TimelineFacts {
  const data = (raw ?? {}) as Record<string, unknown>;
  const nextRetryAt = text(data.nextRetryAt);
  return {
    amountMinor: text(data.amountMinor),
    currency: text(data.currency),
    attempt: number(data.attempt),
    maxAttempts: number(data.maxAttempts),
    declineCode: text(data.declineCode) ?? text(data.code),
    failureCode: text(data.code),
    method: methodLabel(data.method),
    nextRetryAt,
    inDays: nextRetryAt ? Math.round((new Date(nextRetryAt).getTime() - occurredAt.getTime()) / dayMs) : null,
    emailKind: text(data.kind),
    subject: text(data.subject),
    finalAction: text(data.finalAction),
    detail: text(data.reason),
  };
}

const last = Number.MAX_SAFE_INTEGER;

/**
 * On a simulated clock that does not move, a whole story — invoice, failed charge, retry, staff
 * retry, new card, payment — can share one instant. The attempt each entry belongs to orders it
 * then: an entry is linked to a payment attempt by its payment, the method it names, or (dunning
 * e-mails) the count of failed automatic attempts in its key.
 */
function attemptRanks(sources: TimelineSources) {
  const attemptOf = new Map(sources.payments.map((payment) => [payment.id, payment.attempt]));
  const byInvoice = new Map<string, TimelineSources['payments']>();
  for (const payment of [...sources.payments].sort((a, b) => a.attempt - b.attempt)) byInvoice.set(payment.invoiceId, [...(byInvoice.get(payment.invoiceId) ?? []), payment]);
  const firstWithMethod = (methodId: string, invoiceId?: string | null) =>
    Math.min(...sources.payments.filter((p) => p.paymentMethodId === methodId && (!invoiceId || p.invoiceId === invoiceId)).map((p) => p.attempt), last);
  const automaticFailure = (invoiceId: string | null, n: number) =>
    (invoiceId ? byInvoice.get(invoiceId) : undefined)?.filter((p) => p.initiatedBy === 'automatic' && p.status === 'failed')[n - 1]?.attempt ?? null;
  return {
    ofPayment: (paymentId: unknown) => (typeof paymentId === 'string' ? (attemptOf.get(paymentId) ?? null) : null),
    firstWithMethod,
    automaticFailure,
  };
}

export function buildTimeline(sources: TimelineSources): TimelineItem[] {
  const numbers = new Map(sources.invoices.map((invoice) => [invoice.id, invoice.number]));
  const ranks = attemptRanks(sources);
  const paymentInvoices = new Map(sources.payments.map((payment) => [payment.id, payment.invoiceId]));
  const items: Array<TimelineItem & { tie: number; rank: number; seq: Date }> = [];
  const push = (item: Omit<TimelineItem, 'causeId' | 'invoiceNumber'>, seq: Date, rank: number | null) =>
    items.push({ ...item, invoiceNumber: item.invoiceId ? (numbers.get(item.invoiceId) ?? null) : null, causeId: null, tie: tieOf(item), rank: rank ?? last, seq });

  // The outbox is the record of e-mails; a recorded `email.sent` only adds the invoice and payment it was about.
  const emailLinks = new Map<string, { invoiceId: string | null; paymentId: string | null }>();
  for (const event of sources.events) {
    const data = (event.data ?? {}) as Record<string, unknown>;
    if (event.kind === 'email.sent' && typeof data.messageId === 'string') emailLinks.set(data.messageId, { invoiceId: event.invoiceId, paymentId: event.paymentId });
  }
  const emailIds = new Set(sources.emails.map((email) => email.id));
  for (const event of sources.events) {
    const data = (event.data ?? {}) as Record<string, unknown>;
    if (event.kind === 'email.sent' && typeof data.messageId === 'string' && emailIds.has(data.messageId)) continue;
    const paymentId = event.paymentId ?? (typeof data.paymentId === 'string' ? data.paymentId : null);
    let rank = ranks.ofPayment(paymentId);
    if (rank === null && typeof data.paymentMethodId === 'string') rank = ranks.firstWithMethod(data.paymentMethodId, event.invoiceId);
    if (rank === null && (event.kind === 'dunning.started' || event.kind === 'subscription.past_due')) rank = ranks.automaticFailure(event.invoiceId, 1);
    push({ id: event.id, at: event.occurredAt, kind: event.kind, invoiceId: event.invoiceId, paymentId: event.paymentId, facts: factsOfEvent(event.kind, event.occurredAt, event.data) }, event.createdAt, rank);
  }
  for (const invoice of sources.invoices) {
    const facts = { amountMinor: invoice.totalMinor.toString(), currency: invoice.currency, billingReason: invoice.billingReason };
    if (invoice.finalizedAt) push({ id: `${invoice.id}:finalized`, at: invoice.finalizedAt, kind: 'invoice.finalized', invoiceId: invoice.id, paymentId: null, facts }, invoice.finalizedAt, 0);
    if (invoice.voidedAt) push({ id: `${invoice.id}:voided`, at: invoice.voidedAt, kind: 'invoice.voided', invoiceId: invoice.id, paymentId: null, facts }, invoice.voidedAt, null);
    if (invoice.markedUncollectibleAt) push({ id: `${invoice.id}:uncollectible`, at: invoice.markedUncollectibleAt, kind: 'invoice.uncollectible', invoiceId: invoice.id, paymentId: null, facts }, invoice.markedUncollectibleAt, null);
  }
  for (const email of sources.emails) {
    const link = emailLinks.get(email.id) ?? { invoiceId: null, paymentId: null };
    // Dunning e-mails are keyed (kind, invoice, failed automatic attempts so far).
    const step = /^payment_failed:[^:]+:(\d+)$/.exec(email.dedupeKey ?? '');
    const rank = ranks.ofPayment(link.paymentId) ?? (step ? ranks.automaticFailure(link.invoiceId, Number(step[1])) : null);
    push({ id: email.id, at: email.createdAt, kind: 'email.sent', invoiceId: link.invoiceId, paymentId: link.paymentId, facts: { emailKind: email.kind, subject: email.subject, to: email.toAddress, status: email.status } }, email.createdAt, rank);
  }
  for (const audit of sources.audits) {
    const after = (audit.after ?? {}) as Record<string, unknown>;
    const paymentId = audit.subjectType === 'payment' ? audit.subjectId : typeof after.paymentId === 'string' ? after.paymentId : null;
    const invoiceId = audit.subjectType === 'invoice' ? audit.subjectId : paymentId ? (paymentInvoices.get(paymentId) ?? null) : null;
    push(
      {
        id: audit.id,
        at: audit.createdAt,
        kind: 'audit',
        invoiceId,
        paymentId,
        facts: { action: audit.action, actor: audit.actorEmail ?? audit.actorId ?? audit.actorType, reason: audit.reason, before: audit.before, after: audit.after },
      },
      audit.createdAt,
      ranks.ofPayment(paymentId),
    );
  }
  for (const note of sources.notes) push({ id: note.id, at: note.createdAt, kind: 'note', invoiceId: null, paymentId: null, facts: { actor: note.authorEmail, body: note.body } }, note.createdAt, null);

  items.sort((a, b) => a.at.getTime() - b.at.getTime() || a.rank - b.rank || a.tie - b.tie || a.seq.getTime() - b.seq.getTime() || a.id.localeCompare(b.id));
  const lastOfThread = new Map<string, string>();
  return items.map(({ tie: _tie, rank: _rank, seq: _seq, ...item }) => {
    if (!item.invoiceId) return item;
    const cause = lastOfThread.get(item.invoiceId) ?? null;
    lastOfThread.set(item.invoiceId, item.id);
    return { ...item, causeId: cause };
  });
}

/** The invoices whose story is worth a line of its own: more than the invoice and its payment. */
export function threadsOf(items: TimelineItem[], limit = 6): Array<{ invoiceId: string; invoiceNumber: string | null; itemIds: string[] }> {
  const threads = new Map<string, { invoiceId: string; invoiceNumber: string | null; itemIds: string[]; lastAt: number }>();
  for (const item of items) {
    if (!item.invoiceId) continue;
    const thread = threads.get(item.invoiceId) ?? { invoiceId: item.invoiceId, invoiceNumber: item.invoiceNumber, itemIds: [], lastAt: 0 };
    thread.itemIds.push(item.id);
    thread.lastAt = item.at.getTime();
    threads.set(item.invoiceId, thread);
  }
  return [...threads.values()]
    .filter((thread) => thread.itemIds.length > 2)
    .sort((a, b) => b.lastAt - a.lastAt)
    .slice(0, limit)
    .map(({ lastAt: _lastAt, ...thread }) => thread);
}
