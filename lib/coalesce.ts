/**
 * Calls `run` once, `windowMs` after the first of any calls made meanwhile: every call is
 * followed by a run that starts after it. For refetches several events ask for at once
 * (a decision, its stream chunk, its change event): one request instead of three, and none
 * of them while the server is busy carrying the decision out.
 */
export function coalesce(run: () => void, windowMs: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return () => {
    timer ??= setTimeout(() => {
      timer = null;
      run();
    }, windowMs);
  };
}
