'use client';
// Keeps the portal's data live: listens to the account's server-sent events and refetches the
// portal's queries when the server says something changed (a payment settled, an invoice paid).
// EventSource reconnects by itself. Every connection, the first included, refetches once it is
// ready: the stream's baseline is read when it opens, so a change made between the page's render
// and that moment (a webhook applied while the page hydrated) would otherwise never be sent.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTRPC } from '../trpc/client';

export type LiveState = 'connecting' | 'live' | 'offline';

export function useLiveAccount(): LiveState {
  const queryClient = useQueryClient();
  const trpc = useTRPC();
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/portal/events');
    const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.portal.pathKey() });
    source.addEventListener('ready', () => {
      setState('live');
      refresh();
    });
    source.addEventListener('changed', refresh);
    source.addEventListener('error', () => setState(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting'));
    return () => source.close();
  }, [queryClient, trpc]);
  return state;
}
