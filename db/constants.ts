// Values the schema and the agent's tools share. No drizzle here: the tools' schemas are
// evaluated inside the workflow sandbox on every replay, which should stay small.

export const ORDER_STATUSES = ['paid', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
