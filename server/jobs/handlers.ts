// The job handlers every worker runs, by queue name. Each handler calls one domain function; the
// simulation clock (console and POST /v1/clock/advance) drains due jobs with this same map.
import { renewalJob, renewalQueue } from '../subscriptions';
import type { JobHandler } from './queue';

export const jobHandlers: Record<string, JobHandler> = {
  [renewalQueue]: renewalJob,
};
