import { sql } from 'drizzle-orm';
import { getDatabaseHandle } from '@/server/database';

export const dynamic = 'force-dynamic';

export async function GET() {
  try {
    const { db, kind } = await getDatabaseHandle();
    await db.execute(sql`select 1`);
    return Response.json({ status: 'ok', database: kind });
  } catch (error) {
    return Response.json({ status: 'error', message: (error as Error).message }, { status: 503 });
  }
}
