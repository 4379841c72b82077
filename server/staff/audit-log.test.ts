import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { recordAudit } from '../audit';
import { createTestDatabase } from '../testing/database';
import { makeStaff } from '../testing/fixtures';
import { diffAudit } from './audit-diff';
import { auditCsv, csvField, listAuditEntries } from './audit-log';

describe('diffAudit', () => {
  it('names the changed leaves by path, with their before and after', () => {
    expect(diffAudit({ role: 'support', active: true, address: { city: 'Lyon', zip: '69001' } }, { role: 'admin', active: true, address: { city: 'Paris', zip: '69001' }, extra: 1 })).toEqual([
      { path: 'role', before: 'support', after: 'admin' },
      { path: 'address.city', before: 'Lyon', after: 'Paris' },
      { path: 'extra', before: null, after: 1 },
    ]);
    expect(diffAudit(null, { email: 'a@example.com' })).toEqual([{ path: 'email', before: null, after: 'a@example.com' }]);
    expect(diffAudit({ tags: ['a', 'b'] }, { tags: ['a', 'c'] })).toEqual([{ path: 'tags[1]', before: 'b', after: 'c' }]);
  });

  it('finds nothing between a value and itself, and something whenever the values differ', () => {
    const json = fc.jsonValue();
    fc.assert(fc.property(json, (value) => diffAudit(value, structuredClone(value)).length === 0));
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }).filter((k) => !/[.[]/.test(k)), fc.oneof(fc.string(), fc.integer(), fc.boolean())), fc.string({ minLength: 1 }), (object, key) => {
        const changed = { ...object, [key]: { nested: (object[key] as unknown) ?? 0 } };
        return diffAudit(object, changed).length > 0;
      }),
    );
  });
});

describe('csvField', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"\n')).toBe('"say ""hi""\n"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField({ role: 'admin' })).toBe('"{""role"":""admin""}"');
    expect(csvField(null)).toBe('');
    expect(csvField(new Date('2026-06-15T12:00:00Z'))).toBe('2026-06-15T12:00:00.000Z');
  });
});

describe('the audit log', () => {
  let handle: DatabaseHandle;
  let alice: { userId: string; email: string };
  let bob: { userId: string; email: string };
  beforeAll(async () => {
    handle = await createTestDatabase();
    alice = await makeStaff(handle.db, 'admin');
    bob = await makeStaff(handle.db, 'admin');
    for (let day = 1; day <= 30; day++) {
      const actor = { type: 'staff', id: day % 2 ? alice.userId : bob.userId } as const;
      await recordAudit(handle.db, {
        actor,
        action: day % 3 ? 'merchant.updated' : 'staff_user.role_changed',
        subjectType: day % 3 ? 'merchant' : 'user',
        subjectId: day % 3 ? 'merchant' : `usr_${day}`,
        reason: `Change ${day}`,
        before: { n: day - 1 },
        after: { n: day },
        at: new Date(Date.UTC(2026, 3, day, 10)),
      });
    }
  });
  afterAll(() => handle.close());

  it('filters by actor (id or e-mail), action (exact or prefix), subject and day range, newest first', async () => {
    const byAlice = await listAuditEntries(handle.db, { actor: alice.email.toUpperCase(), from: '2026-04-01', to: '2026-04-30', limit: 200 });
    expect(byAlice.data).toHaveLength(15);
    expect(byAlice.data.every((entry) => entry.actorId === alice.userId && entry.actorEmail === alice.email)).toBe(true);
    expect((await listAuditEntries(handle.db, { actor: bob.userId, from: '2026-04-01', limit: 200 })).data).toHaveLength(15);
    expect((await listAuditEntries(handle.db, { actor: 'nobody@example.com' })).data).toEqual([]);

    const roles = await listAuditEntries(handle.db, { action: 'staff_user.role_changed', from: '2026-04-01', to: '2026-04-30' });
    expect(roles.data.map((entry) => entry.subjectId)).toEqual(['usr_30', 'usr_27', 'usr_24', 'usr_21', 'usr_18', 'usr_15', 'usr_12', 'usr_9', 'usr_6', 'usr_3']);
    expect((await listAuditEntries(handle.db, { action: 'staff_user.*', from: '2026-04-01', to: '2026-04-30' })).data).toHaveLength(10);
    expect((await listAuditEntries(handle.db, { subjectType: 'user', subjectId: 'usr_9' })).data[0]).toMatchObject({
      reason: 'Change 9',
      before: { n: 8 },
      after: { n: 9 },
      changes: [{ path: 'n', before: 8, after: 9 }],
    });
    const week = await listAuditEntries(handle.db, { from: '2026-04-10', to: '2026-04-16' });
    expect(week.data.map((entry) => entry.reason)).toEqual(['Change 16', 'Change 15', 'Change 14', 'Change 13', 'Change 12', 'Change 11', 'Change 10']);
  });

  it('pages through every row once, in order', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAuditEntries(handle.db, { from: '2026-04-01', to: '2026-04-30', limit: 7, cursor });
      seen.push(...page.data.map((entry) => entry.reason ?? ''));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, index) => `Change ${30 - index}`));
  });

  it('refuses bad dates with the field named', async () => {
    await expect(listAuditEntries(handle.db, { from: '2026-02-30' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', param: 'from' });
    await expect(listAuditEntries(handle.db, { from: '2026-04-10', to: '2026-04-01' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', param: 'to' });
  });

  it('exports the filtered rows as CSV with before and after', async () => {
    let csv = '';
    for await (const chunk of auditCsv(handle.db, { action: 'staff_user.role_changed', from: '2026-04-01', to: '2026-04-30' })) csv += chunk;
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('created_at,actor_type,actor_id,actor_email,action,subject_type,subject_id,reason,before,after');
    expect(lines).toHaveLength(11);
    expect(lines[1]).toBe(`2026-04-30T10:00:00.000Z,staff,${bob.userId},${bob.email},staff_user.role_changed,user,usr_30,Change 30,"{""n"":29}","{""n"":30}"`);
  });
});
