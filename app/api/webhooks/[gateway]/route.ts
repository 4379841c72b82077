import { getConfig } from '@/server/config';
import { getDb } from '@/server/database';
import { getGateways } from '@/server/gateways';
import { processSoon } from '@/server/jobs/worker';
import { handleWebhookRequest } from '@/server/payments/webhook-endpoint';
import { webhookQueue } from '@/server/payments/webhooks';

export const dynamic = 'force-dynamic';

export async function POST(request: Request, context: { params: Promise<{ gateway: string }> }) {
  const { gateway } = await context.params;
  const db = await getDb();
  return handleWebhookRequest(request, {
    gatewayId: gateway,
    db,
    registry: getGateways(),
    realNow: new Date(),
    afterStore: () => processSoon(db, { simulation: getConfig().simulation, queues: [webhookQueue] }),
  });
}
