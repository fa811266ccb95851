'use client';

import { useEffect } from 'react';
import { useSWRConfig } from 'swr';

/**
 * Keeps every approvals view fresh: on each server-sent `change` (a request, a decision, an
 * expiry, on any instance), every loaded `/api/approvals…` list is fetched again. The
 * EventSource reconnects on its own; the views' slow polling covers a connection that cannot.
 */
export function useApprovalChanges(): void {
  const { mutate } = useSWRConfig();
  useEffect(() => {
    const source = new EventSource('/api/approvals/changes');
    const refresh = () => void mutate((key) => typeof key === 'string' && key.startsWith('/api/approvals'));
    source.addEventListener('change', refresh);
    return () => source.close();
  }, [mutate]);
}
