import type { World } from './signed-deliveries';

type QueueHandler = (request: Request) => Promise<Response>;
type DirectDispatch = { registerHandler?: (prefix: string, handler: QueueHandler) => void };

/** Where the runtime looks up the world its route handlers are built from (`getWorldHandlers`). */
const HANDLER_WORLD = Symbol.for('@workflow/world//stubbedCache');
const PREPARED = Symbol.for('chat-app.in-process-dispatch');

/**
 * On the local world, the engine's deliveries to its own flow and step routes can skip HTTP.
 * Its queue calls a route's handler directly once one is registered (`registerHandler`, what
 * the SDK's test harness uses); otherwise a production server POSTs every delivery to itself,
 * through Next's router and the proxy, about a dozen times a turn.
 *
 * The handlers are the ones the runtime builds with `world.createQueueHandler`, which this
 * world now records. They may be registered only once both route modules are loaded: the step
 * functions register themselves when the step route's module loads, and another bundle's copy
 * of the step handler, built earlier, would fail every step as "not registered" (a restart
 * whose recovered run reached a step before that module was loaded did exactly that). So the
 * caller enables dispatch after loading both routes (lib/engine/warm-up.ts). Until then, and on
 * worlds without direct dispatch, deliveries go over HTTP, signed.
 *
 * Returns the function that enables it, or null when the world cannot dispatch directly.
 */
export function prepareInProcessDispatch(world: World): (() => void) | null {
  const direct = world as World & DirectDispatch & { [PREPARED]?: () => void };
  if (typeof direct.registerHandler !== 'function') return null;
  if (direct[PREPARED]) return direct[PREPARED];
  const built = new Map<string, QueueHandler>();
  const createQueueHandler = world.createQueueHandler.bind(world);
  world.createQueueHandler = (prefix, handler) => {
    const routeHandler = createQueueHandler(prefix, handler);
    built.set(prefix, routeHandler);
    return routeHandler;
  };
  // The route handlers are built from the world the runtime caches for them, which is a
  // second instance unless it is this one.
  (globalThis as Record<symbol, unknown>)[HANDLER_WORLD] = world;
  const enable = () => {
    for (const [prefix, handler] of built) direct.registerHandler!(prefix, handler);
  };
  direct[PREPARED] = enable;
  return enable;
}
