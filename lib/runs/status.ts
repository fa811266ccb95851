// The status a run shows to its user; no server imports, so client components can use it.

export type RunDisplayStatus = 'running' | 'waiting' | 'completed' | 'failed' | 'cancelled';

/** A run that can still change: its row, counts and stream are worth looking at again. */
export function isLiveStatus(status: RunDisplayStatus): boolean {
  return status === 'running' || status === 'waiting';
}
