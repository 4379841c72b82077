// Writes audit rows. Callers pass their transaction, so the audit row commits with the change it records.
import type { Database } from '@/db/client';
import { auditLog } from '@/db/schema';
import { newId } from './ids';

export type Actor = { type: 'staff' | 'customer' | 'api_key'; id: string } | { type: 'cli' | 'system'; id?: string };

export async function recordAudit(
  tx: Database,
  entry: { actor: Actor; action: string; subjectType: string; subjectId: string; reason?: string; before?: unknown; after?: unknown; at?: Date },
): Promise<void> {
  await tx.insert(auditLog).values({
    id: newId('aud'),
    actorType: entry.actor.type,
    actorId: entry.actor.id ?? null,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    reason: entry.reason ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    ...(entry.at ? { createdAt: entry.at } : {}),
  });
}
