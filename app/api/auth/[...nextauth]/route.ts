import type { NextRequest } from 'next/server';
import { guardSignIn } from '@/server/auth/sign-in-guard';
import { handlers } from '@/server/auth/nextauth';

export const dynamic = 'force-dynamic';

export const GET = (req: NextRequest) => handlers.GET(req);

export async function POST(req: NextRequest) {
  return (await guardSignIn(req)) ?? handlers.POST(req);
}
