// /v1/clock: the billing clock. Reading it is always allowed; advancing it only in simulation,
// where it runs every job that falls due on the way (renewals, retries, reminders), in time order.
import { z } from 'zod';
import { readClock } from '../../clock/billing-clock';
import { advanceSimulation } from '../../clock/simulation';
import { defineEndpoint } from '../endpoint';
import { resource } from '../openapi';
import { isoDateTime } from '../validation';

export const Clock = resource(
  'Clock',
  'The billing clock: real time in production; in simulation a stored time that only moves when advanced.',
  z.object({ now: isoDateTime(), simulation: z.boolean() }),
);

const advanceInput = z
  .strictObject({
    days: z.number().optional().meta({ description: 'Advance by this many days (fractions allowed).' }),
    hours: z.number().optional().meta({ description: 'Advance by this many hours.' }),
    to: z.iso.datetime({ offset: true }).optional().meta({ description: 'Advance to this time, which must be later than now.' }),
  })
  .refine((body) => [body.days, body.hours, body.to].filter((value) => value !== undefined).length === 1, 'must have exactly one of days, hours or to.')
  .meta({ description: 'Exactly one of `days`, `hours` or `to`.' });

export const clockEndpoints = [
  defineEndpoint({
    method: 'GET',
    path: '/v1/clock',
    operationId: 'getClock',
    tag: 'Clock',
    summary: 'Read the billing clock',
    description: 'The time billing runs on, and whether this deployment is a simulation.',
    response: Clock,
    handler: async ({ db, now, simulation }) => readClock(db, { simulation, realNow: now }),
  }),
  defineEndpoint({
    method: 'POST',
    path: '/v1/clock/advance',
    operationId: 'advanceClock',
    tag: 'Clock',
    summary: 'Advance the simulated clock',
    description:
      'Simulation only (`SETTLE_SIMULATION=1`; otherwise 403): moves the clock forward by `days` or `hours`, or `to` a later time, running every job that falls due on the way in time order, and answers once that work is done. `from` is the time before. The move is audited under the API key.',
    body: advanceInput,
    response: resource('ClockAdvance', 'The billing clock after an advance, and where it started.', z.object({ from: isoDateTime(), now: isoDateTime(), simulation: z.boolean() })),
    errors: [403],
    handler: async ({ db, body, realNow, simulation, actor }) => {
      const by = body.to !== undefined ? { to: new Date(body.to) } : body.days !== undefined ? { days: body.days } : { hours: body.hours! };
      return advanceSimulation(db, { by, realNow, simulation, actor });
    },
  }),
];
