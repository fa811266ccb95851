import { and, asc, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { db, type Tx } from '../client';
import { customers, orderItems, orderNotes, orders, refunds, type OrderStatus } from '../schema';

export interface OrderSummary {
  number: number;
  status: OrderStatus;
  totalCents: number;
  currency: string;
  placedAt: string;
  itemCount: number;
  customer: { id: number; name: string; email: string };
}

export interface OrderDetail extends OrderSummary {
  shippingAddress: string;
  refundedCents: number;
  items: { sku: string; name: string; quantity: number; unitPriceCents: number }[];
}

export interface CustomerDetail {
  id: number;
  name: string;
  email: string;
  city: string;
  customerSince: string;
  orderCount: number;
  lifetimeValueCents: number;
  recentOrders: { number: number; status: OrderStatus; totalCents: number; placedAt: string }[];
}

export interface OrderSearch {
  /** Matches a customer's name or email, in part, case-insensitively. */
  customer?: string;
  status?: OrderStatus;
  limit?: number;
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function searchOrders(search: OrderSearch): Promise<OrderSummary[]> {
  const conditions: SQL[] = [];
  const customer = search.customer?.trim();
  if (customer) {
    const pattern = `%${escapeLike(customer)}%`;
    conditions.push(or(ilike(customers.name, pattern), ilike(customers.email, pattern))!);
  }
  if (search.status) conditions.push(eq(orders.status, search.status));
  const rows = await (await db())
    .select({
      number: orders.number,
      status: orders.status,
      totalCents: orders.totalCents,
      currency: orders.currency,
      placedAt: orders.placedAt,
      customerId: customers.id,
      customerName: customers.name,
      customerEmail: customers.email,
      itemCount: sql<number>`(select coalesce(sum(${orderItems.quantity}), 0)::int from ${orderItems} where ${orderItems.orderNumber} = ${orders.number})`,
    })
    .from(orders)
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(orders.placedAt))
    .limit(Math.min(search.limit ?? 10, 50));
  return rows.map((row) => ({
    number: row.number,
    status: row.status,
    totalCents: row.totalCents,
    currency: row.currency,
    placedAt: row.placedAt.toISOString(),
    itemCount: row.itemCount,
    customer: { id: row.customerId, name: row.customerName, email: row.customerEmail },
  }));
}

export async function getOrder(orderNumber: number): Promise<OrderDetail | null> {
  const database = await db();
  const [row] = await database
    .select({ order: orders, customer: customers })
    .from(orders)
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .where(eq(orders.number, orderNumber));
  if (!row) return null;
  const items = await database
    .select({
      sku: orderItems.sku,
      name: orderItems.name,
      quantity: orderItems.quantity,
      unitPriceCents: orderItems.unitPriceCents,
    })
    .from(orderItems)
    .where(eq(orderItems.orderNumber, orderNumber))
    .orderBy(asc(orderItems.id));
  return {
    number: row.order.number,
    status: row.order.status,
    totalCents: row.order.totalCents,
    currency: row.order.currency,
    placedAt: row.order.placedAt.toISOString(),
    shippingAddress: row.order.shippingAddress,
    refundedCents: row.order.refundedCents,
    itemCount: items.reduce((sum, item) => sum + item.quantity, 0),
    customer: { id: row.customer.id, name: row.customer.name, email: row.customer.email },
    items,
  };
}

/** Finds one customer by exact email, else by the best name match. */
export async function getCustomer(query: { email?: string; name?: string }): Promise<CustomerDetail | null> {
  const database = await db();
  const email = query.email?.trim().toLowerCase();
  const name = query.name?.trim();
  let condition: SQL | undefined;
  if (email) condition = eq(sql`lower(${customers.email})`, email);
  else if (name) condition = ilike(customers.name, `%${escapeLike(name)}%`);
  else return null;

  const [customer] = await database.select().from(customers).where(condition).orderBy(asc(customers.id)).limit(1);
  if (!customer) return null;
  const customerOrders = await database
    .select({ number: orders.number, status: orders.status, totalCents: orders.totalCents, placedAt: orders.placedAt })
    .from(orders)
    .where(eq(orders.customerId, customer.id))
    .orderBy(desc(orders.placedAt));
  const counted = customerOrders.filter((o) => o.status !== 'cancelled');
  return {
    id: customer.id,
    name: customer.name,
    email: customer.email,
    city: customer.city,
    customerSince: customer.createdAt.toISOString(),
    orderCount: customerOrders.length,
    lifetimeValueCents: counted.reduce((sum, o) => sum + o.totalCents, 0),
    recentOrders: customerOrders.slice(0, 5).map((o) => ({ ...o, placedAt: o.placedAt.toISOString() })),
  };
}

// --- Changes the agent's tools make. Each takes the transaction its effect commits in. -------

export async function insertOrderNote(tx: Tx, orderNumber: number, body: string) {
  const [note] = await tx.insert(orderNotes).values({ orderNumber, body }).returning();
  return { noteId: note!.id, orderNumber, note: body, createdAt: note!.createdAt.toISOString() };
}

export async function listOrderNotes(orderNumber: number) {
  return (await db())
    .select({ id: orderNotes.id, body: orderNotes.body, createdAt: orderNotes.createdAt })
    .from(orderNotes)
    .where(eq(orderNotes.orderNumber, orderNumber))
    .orderBy(asc(orderNotes.id));
}

/** Changes the address only while the order has not shipped; null when it has. */
export async function updateUnshippedAddress(tx: Tx, orderNumber: number, address: string) {
  const [updated] = await tx
    .update(orders)
    .set({ shippingAddress: address })
    .where(and(eq(orders.number, orderNumber), eq(orders.status, 'paid')))
    .returning({ number: orders.number, shippingAddress: orders.shippingAddress });
  return updated ?? null;
}

/** Moves an order from one status to another; false when it was not in `from`. */
export async function changeOrderStatus(tx: Tx, orderNumber: number, from: OrderStatus, to: OrderStatus) {
  const updated = await tx
    .update(orders)
    .set({ status: to })
    .where(and(eq(orders.number, orderNumber), eq(orders.status, from)))
    .returning({ number: orders.number });
  return updated.length > 0;
}

/** Records a refund the payment provider made and adds it to the order's refunded amount. */
export async function insertRefund(
  tx: Tx,
  refund: { orderNumber: number; amountCents: number; providerRefundId: string; reason?: string; approvalId?: string },
) {
  await tx.insert(refunds).values({ ...refund, reason: refund.reason ?? null, approvalId: refund.approvalId ?? null });
  const [order] = await tx
    .update(orders)
    .set({ refundedCents: sql`${orders.refundedCents} + ${refund.amountCents}` })
    .where(eq(orders.number, refund.orderNumber))
    .returning({ totalCents: orders.totalCents, refundedCents: orders.refundedCents, currency: orders.currency });
  return { currency: order!.currency, refundedCents: order!.refundedCents, remainingCents: order!.totalCents - order!.refundedCents };
}

export async function listRefunds(orderNumber: number) {
  return (await db())
    .select()
    .from(refunds)
    .where(eq(refunds.orderNumber, orderNumber))
    .orderBy(asc(refunds.id));
}
