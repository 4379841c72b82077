// /v1/usage-events: what metered prices bill. One event or a batch; the event id is its idempotency
// key, so a retried batch never counts usage twice (server/usage owns the checks and the storage).
import { z } from 'zod';
import { isSettleError, SettleError } from '../../errors';
import { maximumEventsPerBatch, recordUsageEvents } from '../../usage';
import { defineEndpoint } from '../endpoint';
import { resource } from '../openapi';

const usageEvent = z.strictObject({
  id: z.string().meta({ description: 'Your id for the event, 1 to 255 characters: an id is stored once, however often it is sent.' }),
  customerId: z.string(),
  metric: z.string().meta({ description: 'The metric a metered price bills: 1 to 100 characters from a–z, 0–9, "_", "." and "-".' }),
  value: z.union([z.number(), z.string()]).meta({ description: 'Not negative; a decimal string ("0.25") keeps measured usage exact.' }),
  timestamp: z.string().meta({ description: 'When it happened: ISO 8601 with a time zone, at most 5 minutes ahead and 400 days behind.' }),
  properties: z.record(z.string(), z.unknown()).nullish().meta({ description: 'Any JSON object, at most 10,000 characters.' }),
});

const usageBatch = z.strictObject({
  events: z.array(usageEvent).meta({ description: `1 to ${maximumEventsPerBatch} events, stored all or none.` }),
});

export const UsageReceipt = resource(
  'UsageReceipt',
  'What became of the events sent.',
  z.object({
    received: z.int().meta({ description: 'Events in the request.' }),
    stored: z.int().meta({ description: 'Events stored by this request.' }),
    duplicates: z.array(z.string()).meta({ description: 'Ids not stored because that id was already stored or came earlier in the request; received = stored + duplicates.length.' }),
  }),
);

/** The domain names a batch's fields (`events[0].value`); a lone event is named as it was sent (`value`). */
const asLoneEvent = (error: unknown) =>
  isSettleError(error) && error.param?.startsWith('events[0]') ? new SettleError(error.code, error.message, error.param.slice('events[0].'.length) || undefined) : error;

export const usageEndpoints = [
  defineEndpoint({
    method: 'POST',
    path: '/v1/usage-events',
    operationId: 'recordUsageEvents',
    tag: 'Usage',
    summary: 'Record usage events',
    description: `Records one usage event, or a batch as \`{"events":[…]}\` of up to ${maximumEventsPerBatch}. A batch is stored whole or refused whole, naming the event (\`events[3].value\`); an unknown customer is 404. An id already stored is not stored again and is listed in \`duplicates\`, so a batch can be retried safely; the answer is 201 even when every event was a duplicate.`,
    body: z.union([usageBatch, usageEvent]),
    response: UsageReceipt,
    status: 201,
    errors: [404],
    handler: async ({ db, body, now }) => {
      if ('events' in body) return recordUsageEvents(db, body.events, now);
      return recordUsageEvents(db, [body], now).catch((error: unknown) => {
        throw asLoneEvent(error);
      });
    },
  }),
];
