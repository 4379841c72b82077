// Append-only audit trail: who did what, when, why, with the state before and after.
import { index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, idColumn } from './columns';

export const auditLog = pgTable(
  'audit_log',
  {
    id: idColumn(),
    actorType: text('actor_type', { enum: ['staff', 'customer', 'cli', 'system', 'api_key'] }).notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    reason: text('reason'),
    before: jsonb('before'),
    after: jsonb('after'),
    createdAt: createdAt(),
  },
  // The audit log page filters by one of these and pages newest first by (created_at, id): each
  // filter has an index ending in created_at, id so a page is an index range scan at any size.
  (t) => [
    index('audit_subject_idx').on(t.subjectType, t.subjectId, t.createdAt, t.id),
    index('audit_created_idx').on(t.createdAt, t.id),
    index('audit_actor_idx').on(t.actorId, t.createdAt, t.id),
    index('audit_action_idx').on(t.action, t.createdAt, t.id),
  ],
);
