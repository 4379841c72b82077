// The job handlers every worker runs, by queue name. Each handler calls one domain function; the
// simulation clock (console and POST /v1/clock/advance) drains due jobs with this same map.
import { collectionChargeJob, dunningDeadlineJob, invoiceEmailJob, invoiceEmailQueue, reminderJob, reminderQueue } from '../collections/collect';
import { collectionChargeQueue, dunningDeadlineQueue } from '../collections/dunning';
import { getGateways } from '../gateways';
import { noticeSweepJob, noticeSweepQueue } from '../notifications/notices';
import { emailDeliveryJob, emailDeliveryQueue } from '../notifications/outbox';
import { receiptQueue } from '../payments/apply';
import { settlePaymentQueue } from '../payments/pay';
import { receiptJob } from '../payments/receipts';
import { settlePaymentJob } from '../payments/reconcile';
import { webhookJob, webhookQueue } from '../payments/webhooks';
import { renewalBatchJob, renewalJob, renewalQueue } from '../subscriptions';
import type { QueueHandler } from './queue';

export const jobHandlers: Record<string, QueueHandler> = {
  // Renewals due together (a billing run) share one transaction per claimed batch, so the invoice
  // number series is locked once per batch instead of once per renewal.
  [renewalQueue]: { one: renewalJob, batch: renewalBatchJob },
  [webhookQueue]: webhookJob(getGateways),
  [settlePaymentQueue]: settlePaymentJob(getGateways),
  [receiptQueue]: receiptJob,
  [collectionChargeQueue]: collectionChargeJob(getGateways),
  [invoiceEmailQueue]: invoiceEmailJob,
  [reminderQueue]: reminderJob,
  [dunningDeadlineQueue]: dunningDeadlineJob,
  [emailDeliveryQueue]: emailDeliveryJob(),
  [noticeSweepQueue]: noticeSweepJob,
};
