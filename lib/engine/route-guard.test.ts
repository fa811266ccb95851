import { describe, expect, it } from 'vitest';
import { deliveryKey, DELIVERY_SIGNATURE_HEADER, signDelivery } from './delivery-signature';
import { isAuthenticDelivery } from './route-guard';

const FLOW_QUEUE = '__wkf_workflow_workflow//./agents/chat-turn//chatTurn';
const STEP_QUEUE = '__wkf_step_step//./agents/chat-turn-steps//startTurn';

async function delivery(path: string, queueName: string, signature?: string | null, method = 'POST') {
  const headers = new Headers({ 'x-vqs-queue-name': queueName, 'x-vqs-message-id': 'msg_01', 'x-vqs-message-attempt': '1' });
  if (signature !== null) headers.set(DELIVERY_SIGNATURE_HEADER, signature ?? signDelivery(await deliveryKey(), queueName));
  return new Request(`http://localhost${path}`, { method, headers, body: method === 'POST' ? '{}' : undefined });
}

describe("the engine routes' guard", () => {
  it("lets the world's signed deliveries through to the route that serves their queue", async () => {
    expect(await isAuthenticDelivery(await delivery('/.well-known/workflow/v1/flow', FLOW_QUEUE))).toBe(true);
    expect(await isAuthenticDelivery(await delivery('/.well-known/workflow/v1/step', STEP_QUEUE))).toBe(true);
  });

  it('turns away everything else', async () => {
    const key = await deliveryKey();
    const refused = [
      await delivery('/.well-known/workflow/v1/flow', FLOW_QUEUE, null), // the x-vqs-* headers alone
      await delivery('/.well-known/workflow/v1/flow', FLOW_QUEUE, 'forged'),
      await delivery('/.well-known/workflow/v1/flow', FLOW_QUEUE, signDelivery(Buffer.alloc(32), FLOW_QUEUE)), // another key
      await delivery('/.well-known/workflow/v1/step', STEP_QUEUE, signDelivery(key, FLOW_QUEUE)), // another queue's signature
      await delivery('/.well-known/workflow/v1/step', FLOW_QUEUE), // a workflow message on the step route
      await delivery('/.well-known/workflow/v1/flow', FLOW_QUEUE, undefined, 'GET'), // health probes and the like
      await delivery('/.well-known/workflow/v1/webhook/token', FLOW_QUEUE), // the unused webhook route
      await delivery('/.well-known/workflow/v1/flow/', FLOW_QUEUE),
    ];
    for (const request of refused) expect(await isAuthenticDelivery(request), `${request.method} ${request.url}`).toBe(false);
  });
});
