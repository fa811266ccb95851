import { deliveryKey, DELIVERY_SIGNATURE_HEADER, QUEUE_NAME_HEADER, signDelivery } from './delivery-signature';

/** This server itself (not WORKFLOW_LOCAL_BASE_URL, which may be a proxy in front of several). */
function ownBaseUrl(): string {
  return `http://127.0.0.1:${process.env.PORT ?? 3000}`;
}

/**
 * Loads the engine's routes before the first turn needs them. The flow route is a large module
 * (the workflow bundle and what it imports): loaded on the first delivery, it made the first
 * turn after a start seconds slower than the next. Each route gets a signed delivery with an
 * empty message, which its handler refuses (schema check) before doing anything: the module is
 * loaded and nothing runs. The chat route is loaded by a GET (405). `afterLoaded` runs once
 * both engine routes answered from their own handlers.
 */
export function warmUpAfterStart(afterLoaded?: () => void): void {
  const started = Date.now();
  void (async () => {
    const base = ownBaseUrl();
    if (!(await waitUntilServing(base))) return;
    const key = await deliveryKey();
    const deliver = (route: string, queueName: string) =>
      fetch(`${base}/.well-known/workflow/v1/${route}`, {
        method: 'POST',
        headers: { [QUEUE_NAME_HEADER]: queueName, [DELIVERY_SIGNATURE_HEADER]: signDelivery(key, queueName), 'content-type': 'application/json' },
        body: '{}',
      }).then(async (response) => {
        // Read, not cancelled: cancelling a finished body's stream could leave this await pending.
        await response.text();
        return response.status !== 404; // the proxy's answer to a delivery it does not let through
      });
    const [flow, step] = await Promise.all([
      deliver('flow', '__wkf_workflow_warm_up'),
      deliver('step', '__wkf_step_warm_up'),
      fetch(`${base}/api/chat`).then((response) => response.text()),
    ]);
    if (!flow || !step) return console.warn('[warm-up] the engine routes did not answer');
    afterLoaded?.();
    console.log(`[warm-up] the engine's routes are loaded, ${Date.now() - started} ms after start`);
  })().catch((error: unknown) => console.warn('[warm-up] skipped:', error instanceof Error ? error.message : error));
}

async function waitUntilServing(base: string): Promise<boolean> {
  for (let tries = 0; tries < 600; tries++) {
    const ok = await fetch(`${base}/api/health`).then((response) => response.ok, () => false);
    if (ok) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
