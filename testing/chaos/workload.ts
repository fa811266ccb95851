import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import type { TurnPlan } from './turn-driver';

/** The crash test's own orders: paid, $1,000 each, so refunds never run out. */
export const CHAOS_FIRST_ORDER = 20001;
export const CHAOS_ORDER_TOTAL_CENTS = 100_000;

export async function insertChaosOrders(app: Client, count: number): Promise<number[]> {
  const numbers = Array.from({ length: count }, (_, i) => CHAOS_FIRST_ORDER + i);
  const { rows } = await app.query<{ id: number }>(`select id from customers order by id limit 1`);
  for (const number of numbers) {
    await app.query(
      `insert into orders (number, customer_id, status, total_cents, shipping_address, placed_at)
       values ($1, $2, 'paid', $3, '1 Chaos Way', now()) on conflict do nothing`,
      [number, rows[0]!.id, CHAOS_ORDER_TOTAL_CENTS],
    );
    await app.query(
      `insert into order_items (order_number, sku, name, quantity, unit_price_cents) values ($1, 'KEY-10', 'Mechanical keyboard', 1, $2)`,
      [number, CHAOS_ORDER_TOTAL_CENTS],
    );
  }
  return numbers;
}

/**
 * A mix of turns like a support team's: lookups, notes, small refunds that need no approval,
 * bigger ones that do (approved or rejected), and cancellations. Every effect is told apart
 * by its data: a note's text, a refund's amount on its order (unique per order), so the
 * invariants can count each one.
 */
export class Workload {
  private next = 0;
  private readonly cancellable: number[];
  private readonly refundable: number[];
  private readonly amountsUsed = new Map<number, Set<number>>();

  constructor(orders: number[], private readonly autoApproveLimitCents: number) {
    // A fifth of the orders are for cancelling, each once; the rest take refunds and notes.
    const split = Math.ceil(orders.length / 5);
    this.cancellable = orders.slice(0, split);
    this.refundable = orders.slice(split);
  }

  nextTurn(): TurnPlan {
    const i = this.next++;
    const order = this.refundable[i % this.refundable.length]!;
    switch (i % 10) {
      case 0:
      case 5:
        return { kind: 'lookup', text: `Where is order ${1001 + (i % 40)}?` };
      case 1:
      case 6: {
        const note = `chaos ${randomUUID().slice(0, 8)}`;
        return { kind: 'note', text: `Add a note to order ${order}: ${note}`, orderNumber: order, note };
      }
      case 2:
      case 7: {
        const amountCents = this.uniqueAmount(order, 101, this.autoApproveLimitCents);
        return { kind: 'autoRefund', text: `Refund ${dollars(amountCents)} of order ${order}`, orderNumber: order, amountCents };
      }
      case 3:
      case 8: {
        const amountCents = this.uniqueAmount(order, this.autoApproveLimitCents + 1, this.autoApproveLimitCents + 900);
        return { kind: 'approvedRefund', text: `Refund ${dollars(amountCents)} of order ${order}`, orderNumber: order, amountCents, decision: 'approve' };
      }
      case 4: {
        const amountCents = this.uniqueAmount(order, this.autoApproveLimitCents + 1, this.autoApproveLimitCents + 900);
        return { kind: 'rejectedRefund', text: `Refund ${dollars(amountCents)} of order ${order}`, orderNumber: order, amountCents, decision: 'reject' };
      }
      default: {
        const cancel = this.cancellable.shift();
        if (cancel === undefined) return { kind: 'lookup', text: `Where is order ${1001 + (i % 40)}?` };
        return { kind: 'cancel', text: `Cancel order ${cancel}`, orderNumber: cancel, decision: 'approve' };
      }
    }
  }

  private uniqueAmount(order: number, min: number, max: number): number {
    const used = this.amountsUsed.get(order) ?? new Set<number>();
    this.amountsUsed.set(order, used);
    for (;;) {
      const cents = min + Math.floor(Math.random() * (max - min + 1));
      if (!used.has(cents)) {
        used.add(cents);
        return cents;
      }
    }
  }
}

const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;
