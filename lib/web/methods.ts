/** The methods an API route may export besides HEAD and OPTIONS, which Next answers itself. */
export const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];

const refusals = new WeakSet<object>();

/**
 * Handlers for the methods a route does not serve: 405 with the JSON error body and an
 * `Allow` header (Next's own 405 has an empty body). A route spreads them into its exports:
 * `export const { PUT, PATCH, DELETE } = refuseOtherMethods('GET', 'POST');`
 */
export function refuseOtherMethods<const Allowed extends RouteMethod>(...allowed: Allowed[]): Record<Exclude<RouteMethod, Allowed>, () => Response> {
  const allow = [...allowed, ...(allowed.includes('GET' as Allowed) ? ['HEAD'] : []), 'OPTIONS'].join(', ');
  const refuse = () =>
    Response.json(
      { error: { code: 'method_not_allowed', message: `This route takes only ${allowed.join(' and ')}.` } },
      { status: 405, headers: { allow } },
    );
  refusals.add(refuse);
  const handlers: Partial<Record<RouteMethod, () => Response>> = {};
  for (const method of ROUTE_METHODS) if (!allowed.includes(method as Allowed)) handlers[method] = refuse;
  return handlers as Record<Exclude<RouteMethod, Allowed>, () => Response>;
}

/** True for a handler `refuseOtherMethods` made (tests tell the refusals from the real handlers). */
export function isMethodRefusal(handler: unknown): boolean {
  return typeof handler === 'function' && refusals.has(handler);
}
