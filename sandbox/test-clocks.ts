// Stripe's test clocks, reduced to what Settle's simulated billing clock needs. Simplification:
// the whole sandbox shares one time, the frozen_time of the clock most recently created or
// advanced; advancing runs every piece of time-based work that became due, in time order.
import { SandboxError, integerParam, invalidParam, resourceMissing, stringParam, type FormParams } from './http';
import type { SandboxStore, StripeObject } from './store';
import type { SandboxTime } from './time';
import type { EventPublisher } from './webhooks';

export function createTestClock(store: SandboxStore, time: SandboxTime, events: EventPublisher, params: FormParams): StripeObject {
  const frozenTime = integerParam(params, 'frozen_time');
  if (frozenTime === undefined) throw invalidParam('frozen_time', 'Missing required param: frozen_time.');
  const name = stringParam(params, 'name') ?? null;
  if (store.testClocks.size === 0) {
    // Work scheduled in real time before the first clock keeps its due times; the daily
    // payout run starts counting from the clock's time instead of replaying every day between.
    store.lastPayoutRunMs = frozenTime * 1000;
  }
  time.freeze(frozenTime * 1000);
  const clock: StripeObject = {
    id: store.newId('clock'),
    object: 'test_helpers.test_clock',
    created: store.nowSeconds(),
    deletes_after: frozenTime + 30 * 24 * 3600,
    frozen_time: frozenTime,
    livemode: false,
    name,
    status: 'ready',
    status_details: {},
  };
  store.testClocks.set(clock.id, clock);
  events.publish('test_helpers.test_clock.created', clock);
  return clock;
}

export function getTestClock(store: SandboxStore, id: string): StripeObject {
  const clock = store.testClocks.get(id);
  if (!clock) throw resourceMissing('test_helpers.test_clock', id);
  return clock;
}

export function advanceTestClock(store: SandboxStore, time: SandboxTime, events: EventPublisher, id: string, params: FormParams, runDue: (untilMs: number) => void): StripeObject {
  const clock = getTestClock(store, id);
  const frozenTime = integerParam(params, 'frozen_time');
  if (frozenTime === undefined) throw invalidParam('frozen_time', 'Missing required param: frozen_time.');
  if (frozenTime < (clock.frozen_time as number)) {
    throw new SandboxError('invalid_request_error', `The test clock cannot move backwards: frozen_time ${frozenTime} is before ${String(clock.frozen_time)}.`, { code: 'parameter_invalid', param: 'frozen_time' });
  }
  Object.assign(clock, { status: 'advancing', status_details: { advancing: { target_frozen_time: frozenTime } } });
  events.publish('test_helpers.test_clock.advancing', clock);
  time.freeze(frozenTime * 1000);
  runDue(frozenTime * 1000);
  Object.assign(clock, { frozen_time: frozenTime, status: 'ready', status_details: {} });
  events.publish('test_helpers.test_clock.ready', clock);
  return clock;
}
