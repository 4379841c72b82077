// Page-level guards for server components. They repeat, for pages, what the tRPC middleware
// enforces for data: a page never relies on a proxy to decide who may see it.
import { forbidden, redirect } from 'next/navigation';
import { roleAllows, type StaffRole } from './roles';
import type { Viewer } from './users';
import { getViewer } from './viewer';

export async function requireCustomer(): Promise<Viewer & { customerId: string }> {
  const viewer = await getViewer();
  if (!viewer) redirect('/sign-in');
  if (viewer.kind === 'staff') redirect('/staff');
  return viewer as Viewer & { customerId: string };
}

export async function requireStaff(...allowed: StaffRole[]): Promise<Viewer & { role: StaffRole }> {
  const viewer = await getViewer();
  if (!viewer) redirect('/staff/sign-in');
  if (viewer.kind !== 'staff' || !viewer.role || !roleAllows(viewer.role, allowed.length ? allowed : ['support', 'finance'])) forbidden();
  return viewer as Viewer & { role: StaffRole };
}
