export { cancelSubscription, cancellationReasons, createSubscription, getSubscription, listSubscriptions, renewalQueue, resumeSubscription, setPaused, type CreateSubscriptionInput, type SubscriptionRow } from './lifecycle';
export { previewChange, prorationBehaviors, updateSubscription, type ItemChange } from './changes';
export { renewSubscription, renewSubscriptions, renewalBatchJob, renewalJob } from './renewal';
export { upcomingInvoices } from './upcoming';
export { loadItems } from './items';
