// The badge tone of each invoice status, shared by the server badge and client components.
import type { BadgeTone } from '../ui/badge';

export const invoiceStatusTones: Record<string, BadgeTone> = { draft: 'neutral', open: 'info', paid: 'success', void: 'neutral', uncollectible: 'danger' };
