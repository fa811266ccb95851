'use client';

import { useEffect } from 'react';
import { refreshApprovals } from './approvals-api';

/**
 * Keeps every approvals view fresh: on each server-sent `change` (a request, a decision, an
 * expiry, on any instance), every loaded `/api/approvals…` list is fetched again. The
 * EventSource reconnects on its own; the views' slow polling covers a connection that cannot.
 */
export function useApprovalChanges(): void {
  useEffect(() => {
    const source = new EventSource('/api/approvals/changes');
    source.addEventListener('change', refreshApprovals);
    return () => source.close();
  }, []);
}
