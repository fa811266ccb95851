import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from './client';
import { accounts, customers, orderItems, orders, users, type OrderStatus } from './schema';

// A deterministic demo store: the same customers, orders and items on every fresh database,
// so the demo model, the tests and the README can name them.

export const DEMO_CUSTOMERS = [
  { name: 'Ada Lovelace', email: 'ada@example.com', city: 'London' },
  { name: 'Grace Hopper', email: 'grace@example.com', city: 'New York' },
  { name: 'Alan Turing', email: 'alan@example.com', city: 'Manchester' },
  { name: 'Katherine Johnson', email: 'katherine@example.com', city: 'Hampton' },
  { name: 'Edsger Dijkstra', email: 'edsger@example.com', city: 'Rotterdam' },
  { name: 'Barbara Liskov', email: 'barbara@example.com', city: 'Boston' },
  { name: 'Donald Knuth', email: 'donald@example.com', city: 'Stanford' },
  { name: 'Margaret Hamilton', email: 'margaret@example.com', city: 'Paoli' },
  { name: 'Linus Torvalds', email: 'linus@example.com', city: 'Portland' },
  { name: 'Radia Perlman', email: 'radia@example.com', city: 'Seattle' },
  { name: 'Ken Thompson', email: 'ken@example.com', city: 'Berkeley' },
  { name: 'Frances Allen', email: 'frances@example.com', city: 'Peru' },
] as const;

const PRODUCTS = [
  { sku: 'MUG-01', name: 'Enamel mug', priceCents: 1800 },
  { sku: 'TEE-02', name: 'Logo T-shirt', priceCents: 2400 },
  { sku: 'CAP-03', name: 'Canvas cap', priceCents: 2100 },
  { sku: 'BAG-04', name: 'Tote bag', priceCents: 1500 },
  { sku: 'NTB-05', name: 'Dot-grid notebook', priceCents: 1200 },
  { sku: 'PEN-06', name: 'Fountain pen', priceCents: 4500 },
  { sku: 'HOO-07', name: 'Zip hoodie', priceCents: 5900 },
  { sku: 'STK-08', name: 'Sticker pack', priceCents: 600 },
  { sku: 'BTL-09', name: 'Steel bottle', priceCents: 2900 },
  { sku: 'KEY-10', name: 'Mechanical keyboard', priceCents: 12900 },
] as const;

const STREETS = ['Baker St', 'Elm Rd', 'Harbour Way', 'Mill Lane', 'Station Ave', 'Kings Rd'];
const STATUSES: OrderStatus[] = ['paid', 'shipped', 'delivered', 'delivered', 'shipped', 'cancelled'];

export const FIRST_ORDER_NUMBER = 1001;
export const DEMO_ORDER_COUNT = 40;

/** Park–Miller: a tiny seeded generator so the dataset never changes between machines. */
function seededRandom(seed: number) {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

export interface DemoOrder {
  number: number;
  customerIndex: number;
  status: OrderStatus;
  placedAt: Date;
  shippingAddress: string;
  items: { sku: string; name: string; quantity: number; unitPriceCents: number }[];
}

export function buildDemoOrders(): DemoOrder[] {
  const random = seededRandom(20260101);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const start = Date.UTC(2026, 0, 5, 9, 0, 0);
  const result: DemoOrder[] = [];
  for (let i = 0; i < DEMO_ORDER_COUNT; i++) {
    const customerIndex = i < DEMO_CUSTOMERS.length ? i : Math.floor(random() * DEMO_CUSTOMERS.length);
    const itemCount = 1 + Math.floor(random() * 3);
    const skus = new Set<string>();
    const items: DemoOrder['items'] = [];
    while (items.length < itemCount) {
      const product = pick(PRODUCTS);
      if (skus.has(product.sku)) continue;
      skus.add(product.sku);
      items.push({
        sku: product.sku,
        name: product.name,
        quantity: 1 + Math.floor(random() * 2),
        unitPriceCents: product.priceCents,
      });
    }
    const customer = DEMO_CUSTOMERS[customerIndex]!;
    result.push({
      number: FIRST_ORDER_NUMBER + i,
      customerIndex,
      status: pick(STATUSES),
      placedAt: new Date(start + i * 36 * 3600 * 1000),
      shippingAddress: `${10 + Math.floor(random() * 180)} ${pick(STREETS)}, ${customer.city}`,
      items,
    });
  }
  return result;
}

/** Inserts the demo store once; a database that already has customers is left alone. */
export async function seedDemoStore(db: Database): Promise<{ seeded: boolean }> {
  return db.transaction(async (tx) => {
    // Serialise concurrent seeders (two app instances starting at once).
    await tx.execute(sql`select pg_advisory_xact_lock(7201001)`);
    const [{ count } = { count: 0 }] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(customers);
    if (count > 0) return { seeded: false };

    const inserted = await tx
      .insert(customers)
      .values(DEMO_CUSTOMERS.map((c, i) => ({ ...c, createdAt: new Date(Date.UTC(2025, 10, 1 + i)) })))
      .returning({ id: customers.id, email: customers.email });
    const idByEmail = new Map(inserted.map((row) => [row.email, row.id]));

    const demoOrders = buildDemoOrders();
    await tx.insert(orders).values(
      demoOrders.map((order) => {
        const totalCents = order.items.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0);
        return {
          number: order.number,
          customerId: idByEmail.get(DEMO_CUSTOMERS[order.customerIndex]!.email)!,
          status: order.status,
          totalCents,
          // A cancelled order was paid back in full when it was cancelled.
          refundedCents: order.status === 'cancelled' ? totalCents : 0,
          shippingAddress: order.shippingAddress,
          placedAt: order.placedAt,
        };
      }),
    );
    await tx
      .insert(orderItems)
      .values(demoOrders.flatMap((order) => order.items.map((item) => ({ ...item, orderNumber: order.number }))));
    return { seeded: true };
  });
}

/** The demo people (lib/auth/demo-accounts.ts), with their passwords hashed by better-auth. Idempotent. */
export async function seedDemoAccounts(db: Database): Promise<number> {
  const { hashPassword } = await import('better-auth/crypto');
  const { DEMO_ACCOUNTS, DEMO_PASSWORD } = await import('@/lib/auth/demo-accounts');
  let created = 0;
  for (const account of DEMO_ACCOUNTS) {
    const id = randomUUID();
    const [user] = await db
      .insert(users)
      .values({ id, displayName: account.name, email: account.email, emailVerified: true, role: account.role })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    if (!user) continue;
    await db.insert(accounts).values({ id: randomUUID(), accountId: user.id, providerId: 'credential', userId: user.id, password: await hashPassword(DEMO_PASSWORD) });
    created++;
  }
  return created;
}
