import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { auditLog } from '@/db/schema';
import { recordAudit } from './audit';
import { createTestDatabase } from './testing/database';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

describe('audit log', () => {
  it('records who, what, why, before and after — and can never be edited or deleted', async () => {
    await recordAudit(handle.db, {
      actor: { type: 'staff', id: 'usr_1' },
      action: 'customer.credit_applied',
      subjectType: 'customer',
      subjectId: 'cus_1',
      reason: 'goodwill',
      before: { creditMinor: 0 },
      after: { creditMinor: 500 },
    });
    const [row] = await handle.db.select().from(auditLog);
    expect(row).toMatchObject({ actorType: 'staff', actorId: 'usr_1', reason: 'goodwill', before: { creditMinor: 0 }, after: { creditMinor: 500 } });
    await expect(handle.db.update(auditLog).set({ reason: 'edited' }).where(eq(auditLog.id, row!.id))).rejects.toThrow();
    await expect(handle.db.delete(auditLog).where(eq(auditLog.id, row!.id))).rejects.toThrow();
    expect((await handle.db.select().from(auditLog))[0]!.reason).toBe('goodwill');
  });
});
