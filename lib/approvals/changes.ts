import { approvalsFingerprint } from '@/db/queries/approvals';
import type { Viewer } from '@/lib/auth/permissions';

export interface ChangeStreamOptions {
  /** How often the database is asked (a cheap aggregate); what "live" means, about half a second. */
  intervalMs?: number;
  /** The stream ends after this long and the browser's EventSource reconnects: no connection lives forever. */
  lifetimeMs?: number;
}

const encoder = new TextEncoder();

/**
 * Server-sent events for the approvals a viewer may see: `change` whenever one is requested,
 * decided, expired or cancelled, so the sidebar count and the inbox refetch within about a
 * second. It reads the database, so it hears of changes made on any instance.
 */
export function approvalChangeStream(viewer: Viewer, signal: AbortSignal, options: ChangeStreamOptions = {}): ReadableStream<Uint8Array> {
  const intervalMs = options.intervalMs ?? 500;
  const lifetimeMs = options.lifetimeMs ?? 5 * 60_000;
  const heartbeatEvery = Math.max(1, Math.round(15_000 / intervalMs));
  let cancelled = false; // the reader went away (the response was cancelled), whether or not the signal says so
  return new ReadableStream<Uint8Array>({
    cancel() {
      cancelled = true;
    },
    async start(controller) {
      const send = (text: string) => controller.enqueue(encoder.encode(text));
      const ends = Date.now() + lifetimeMs;
      send('retry: 1000\n\n');
      let last: string | null = null;
      try {
        for (let tick = 0; !signal.aborted && !cancelled && Date.now() < ends; tick++) {
          const fingerprint = await approvalsFingerprint(viewer);
          if (last !== null && fingerprint !== last) send('event: change\ndata: {}\n\n');
          else if (tick % heartbeatEvery === heartbeatEvery - 1) send(': still here\n\n'); // proxies drop silent connections
          last = fingerprint;
          await new Promise((resolve) => setTimeout(resolve, intervalMs));
        }
      } catch (error) {
        if (!signal.aborted) console.warn('[approvals] change stream ended', error);
      }
      try {
        controller.close();
      } catch {
        // the reader has gone already
      }
    },
  });
}
