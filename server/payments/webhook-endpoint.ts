// POST /api/webhooks/{gateway}: the HTTP side of the webhook inbox. It answers 2xx as soon as the
// event is stored (or known already), 400 when it is not genuine, and never processes inline —
// processing starts right after, in the background, and the job queue guarantees it happens.
import type { Database } from '@/db/client';
import type { GatewayRegistry } from '../gateways';
import { WebhookVerificationError } from '../gateways/types';
import { receiveWebhook } from './webhooks';

const maxBodyBytes = 512 * 1024;

const json = (status: number, body: unknown) => Response.json(body, { status, headers: { 'cache-control': 'no-store' } });

export async function handleWebhookRequest(
  request: Request,
  input: { gatewayId: string; db: Database; registry: GatewayRegistry; realNow: Date; afterStore?: () => void },
): Promise<Response> {
  const gateway = input.registry.all().find((candidate) => candidate.id === input.gatewayId);
  if (!gateway) return json(404, { error: { code: 'NOT_FOUND', message: `No payment gateway "${input.gatewayId}" is configured.` } });
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBodyBytes) return json(413, { error: { code: 'PAYLOAD_TOO_LARGE', message: 'A webhook body is at most 512 KiB.' } });
  const rawBody = await request.text();
  if (Buffer.byteLength(rawBody) > maxBodyBytes) return json(413, { error: { code: 'PAYLOAD_TOO_LARGE', message: 'A webhook body is at most 512 KiB.' } });
  try {
    const received = await receiveWebhook(input.db, gateway, { rawBody, signature: request.headers.get('stripe-signature'), realNow: input.realNow });
    if (received.stored) input.afterStore?.();
    return json(200, { received: true, duplicate: !received.stored });
  } catch (error) {
    if (error instanceof WebhookVerificationError) return json(400, { error: { code: 'INVALID_SIGNATURE', message: error.message } });
    throw error;
  }
}
