import { deliveryKey, DELIVERY_SIGNATURE_HEADER, isValidDeliverySignature, QUEUE_NAME_HEADER } from './delivery-signature';

/** Where `withWorkflow` mounts the engine's routes. */
export const ENGINE_ROUTE_PREFIX = '/.well-known/workflow/';

/** The two routes the app's world delivers to, and the queues each one serves. */
const DELIVERY_ROUTES: Record<string, string> = {
  '/.well-known/workflow/v1/flow': '__wkf_workflow_',
  '/.well-known/workflow/v1/step': '__wkf_step_',
};

/**
 * True only for a delivery the app's own world sent: a POST to the flow or step route, for a
 * queue that route serves, signed with the delivery key. Everything else under the engine's
 * prefix (the unused webhook route, health probes, GETs, forged or replayed-with-edits
 * headers) is for nobody outside. Reads headers only: the route must get the body intact.
 */
export async function isAuthenticDelivery(request: Request): Promise<boolean> {
  if (request.method !== 'POST') return false;
  const queuePrefix = DELIVERY_ROUTES[new URL(request.url).pathname];
  const queueName = request.headers.get(QUEUE_NAME_HEADER);
  if (!queuePrefix || !queueName?.startsWith(queuePrefix)) return false;
  return isValidDeliverySignature(await deliveryKey(), queueName, request.headers.get(DELIVERY_SIGNATURE_HEADER));
}
