import { sql, type SQL } from 'drizzle-orm';
import { ORDER_STATUSES } from './constants';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

// ---------------------------------------------------------------------------
// Chat
// ---------------------------------------------------------------------------

export const ROLES = ['agent', 'approver', 'admin'] as const;
/** `agent` chats and asks for actions; `approver` also decides others' requests; `admin` also sees every run and assigns roles. */
export type Role = (typeof ROLES)[number];

/**
 * People: accounts with email and password, and guests (`isAnonymous`, a placeholder email)
 * who can sign up later and keep their chats. better-auth reads and writes this table
 * (lib/auth/auth.ts maps its `name` to `displayName`); its sessions, credentials and
 * verifications live in the tables below.
 */
export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  /** How the app names the person to others: "Ada Lovelace", "Guest 7F3A". */
  displayName: text('display_name').notNull().default('Guest'),
  email: text('email').notNull().unique(),
  emailVerified: boolean('email_verified').notNull().default(false),
  image: text('image'),
  isAnonymous: boolean('is_anonymous').notNull().default(false),
  role: text('role', { enum: ROLES }).notNull().default('agent'),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    token: text('token').notNull().unique(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Sign-in methods of a user; `providerId = 'credential'` holds the password hash (better-auth's scrypt). */
export const accounts = pgTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }),
    refreshTokenExpiresAt: timestamp('refresh_token_expires_at', { withTimezone: true }),
    scope: text('scope'),
    password: text('password'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('accounts_user_idx').on(t.userId)],
);

export const verifications = pgTable('verifications', {
  id: text('id').primaryKey(),
  identifier: text('identifier').notNull(),
  value: text('value').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** better-auth's rate limiter, kept in Postgres so every instance counts the same requests. */
export const rateLimits = pgTable('rate_limits', {
  id: text('id').primaryKey(),
  key: text('key').notNull().unique(),
  count: integer('count').notNull(),
  lastRequest: bigint('last_request', { mode: 'number' }).notNull(),
});

// Full-text search of chats (db/queries/chat-search.ts). The GIN indexes and the queries use
// these same expressions, so Postgres can answer a search from the indexes. Each holds the
// words as written ('simple': a half-typed "wrapp" finds "wrapped") and their English stems
// ('english': "parcels" finds "parcel").
function searchVector(text: SQL): SQL {
  return sql`(to_tsvector('simple', ${text}) || to_tsvector('english', ${text}))`;
}

export function titleSearchVector(title: AnyPgColumn | SQL): SQL {
  return searchVector(sql`${title}`);
}

/** Only the text parts of a message: tool inputs and outputs are not what a person remembers. */
export function messageSearchVector(parts: AnyPgColumn | SQL): SQL {
  return searchVector(sql`jsonb_path_query_array(${parts}, '$[*] ? (@.type == "text").text')`);
}

export const chats = pgTable(
  'chats',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    // The turn that is running now: a workflow run id, or a short-lived
    // reservation (`pending:…`) taken by the chat route before the run exists.
    activeRunId: text('active_run_id'),
    activeRunClaimedAt: timestamp('active_run_claimed_at', { withTimezone: true }),
    /** Deleted by its owner: gone from their chats, kept (with its runs and approvals) for run review and audit. */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    index('chats_user_updated_idx').on(t.userId, t.updatedAt),
    index('chats_title_search_idx').using('gin', titleSearchVector(t.title)),
  ],
);

export const messages = pgTable(
  'messages',
  {
    // Chosen by the browser, so unique only within its chat (the key is chat and id): another
    // person's id must never collide with, or reveal, a message of theirs.
    id: text('id').notNull(),
    chatId: uuid('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    // Insertion order; timestamps can tie.
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    role: text('role', { enum: ['user', 'assistant'] }).notNull(),
    parts: jsonb('parts').notNull(),
    metadata: jsonb('metadata'),
    // The run this message started (user) or was written by (assistant).
    runId: text('run_id'),
    createdAt: createdAt(),
    // Set when a regenerated answer or an edited message took its place: the chat and the model
    // no longer see it, run review still does (its run's question and answer).
    replacedAt: timestamp('replaced_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.chatId, t.id] }),
    index('messages_chat_seq_idx').on(t.chatId, t.seq),
    index('messages_text_search_idx').using('gin', messageSearchVector(t.parts)),
  ],
);

/**
 * Messages sent while the chat was answering (or waiting for an approval): kept here, in
 * order, until the turn ends, then each becomes the next turn in its place in the chat
 * (lib/chat/queue.ts). The person can take one back until then.
 */
export const queuedMessages = pgTable(
  'queued_messages',
  {
    // The message's id once it is sent: unique within its chat, like `messages`.
    id: text('id').notNull(),
    chatId: uuid('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    parts: jsonb('parts').notNull().$type<{ type: 'text'; text: string }[]>(),
    model: text('model').notNull(),
    sessionId: text('session_id'),
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    queuedAt: timestamp('queued_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.id] }), index('queued_messages_chat_seq_idx').on(t.chatId, t.seq)],
);

export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const runs = pgTable(
  'runs',
  {
    id: text('id').primaryKey(),
    chatId: uuid('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    userMessageId: text('user_message_id').notNull(),
    assistantMessageId: text('assistant_message_id'),
    status: text('status', { enum: RUN_STATUSES }).notNull().default('queued'),
    model: text('model').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    error: text('error'),
    inputTokens: integer('input_tokens'),
    outputTokens: integer('output_tokens'),
    /** Model calls and tool calls the answer shows (a retried call counts once). */
    modelCalls: integer('model_calls'),
    toolCalls: integer('tool_calls'),
    /** The failed run this one re-runs, when it was started from a run page. */
    rerunOf: text('rerun_of'),
  },
  (t) => [
    index('runs_user_started_idx').on(t.userId, t.startedAt),
    index('runs_chat_idx').on(t.chatId),
  ],
);

// ---------------------------------------------------------------------------
// Store domain: what the support agent's tools read
// ---------------------------------------------------------------------------

export const customers = pgTable('customers', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  city: text('city').notNull(),
  createdAt: createdAt(),
});

export { ORDER_STATUSES, type OrderStatus } from './constants';

export const orders = pgTable(
  'orders',
  {
    number: integer('number').primaryKey(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    status: text('status', { enum: ORDER_STATUSES }).notNull(),
    totalCents: integer('total_cents').notNull(),
    refundedCents: integer('refunded_cents').notNull().default(0),
    currency: text('currency').notNull().default('USD'),
    shippingAddress: text('shipping_address').notNull(),
    placedAt: timestamp('placed_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('orders_customer_idx').on(t.customerId),
    index('orders_status_idx').on(t.status),
    check('orders_total_nonnegative', sql`${t.totalCents} >= 0`),
    check('orders_refund_within_total', sql`${t.refundedCents} between 0 and ${t.totalCents}`),
  ],
);

export const orderItems = pgTable(
  'order_items',
  {
    id: serial('id').primaryKey(),
    orderNumber: integer('order_number')
      .notNull()
      .references(() => orders.number, { onDelete: 'cascade' }),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    quantity: integer('quantity').notNull(),
    unitPriceCents: integer('unit_price_cents').notNull(),
  },
  (t) => [index('order_items_order_idx').on(t.orderNumber)],
);

export const orderNotes = pgTable(
  'order_notes',
  {
    id: serial('id').primaryKey(),
    orderNumber: integer('order_number')
      .notNull()
      .references(() => orders.number, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('order_notes_order_idx').on(t.orderNumber)],
);

export const refunds = pgTable(
  'refunds',
  {
    id: serial('id').primaryKey(),
    orderNumber: integer('order_number')
      .notNull()
      .references(() => orders.number),
    amountCents: integer('amount_cents').notNull(),
    /** The payment provider's id for this refund. */
    providerRefundId: text('provider_refund_id').notNull().unique(),
    reason: text('reason'),
    approvalId: uuid('approval_id'),
    createdAt: createdAt(),
  },
  (t) => [index('refunds_order_idx').on(t.orderNumber), check('refunds_positive', sql`${t.amountCents} > 0`)],
);

// ---------------------------------------------------------------------------
// Effects and approvals: what makes a tool act exactly once, and only when allowed
// ---------------------------------------------------------------------------

/**
 * One row per side effect a tool step committed, keyed by the step's id: a retried step
 * finds its own row and returns the stored result instead of acting again.
 */
export const toolEffects = pgTable('tool_effects', {
  idempotencyKey: text('idempotency_key').primaryKey(),
  toolName: text('tool_name').notNull(),
  runId: text('run_id'),
  input: jsonb('input').notNull(),
  result: jsonb('result').notNull(),
  createdAt: createdAt(),
});

/** `cancelled`: its run ended (stopped, failed, deleted) before anyone decided; `reason` says how. */
export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'expired', 'cancelled'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export const approvals = pgTable(
  'approvals',
  {
    id: uuid('id').primaryKey(),
    runId: text('run_id').notNull(),
    chatId: uuid('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    toolCallId: text('tool_call_id').notNull(),
    toolName: text('tool_name').notNull(),
    input: jsonb('input').notNull(),
    /** What will happen, in words: "Refund $42.00 to Ada Lovelace for order #1007". */
    summary: text('summary').notNull(),
    status: text('status', { enum: APPROVAL_STATUSES }).notNull().default('pending'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    reason: text('reason'),
    /** When the decision reached the waiting run (its hook was resumed); null until then. */
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /** Above the requester's self-approval limit (tools/policy.ts): only an approver who is not the requester decides. */
    approversOnly: boolean('approvers_only').notNull().default(false),
  },
  (t) => [
    uniqueIndex('approvals_run_tool_call_idx').on(t.runId, t.toolCallId),
    index('approvals_user_status_idx').on(t.userId, t.status, t.requestedAt),
  ],
);

/** The stand-in payment provider's own ledger (a real provider keeps this on its side). */
export const paymentProviderRefunds = pgTable('payment_provider_refunds', {
  id: text('id').primaryKey(),
  idempotencyKey: text('idempotency_key').notNull().unique(),
  orderNumber: integer('order_number').notNull(),
  amountCents: integer('amount_cents').notNull(),
  createdAt: createdAt(),
});

export const REFUND_RESERVATION_STATUSES = ['reserved', 'settled', 'released'] as const;
export type RefundReservationStatus = (typeof REFUND_RESERVATION_STATUSES)[number];

/**
 * An amount held against an order while a refund step pays it at the provider, keyed by the
 * step's id (the provider's idempotency key). Refunds of one order reserve one at a time (the
 * order's row is locked), so together they never pay out more than is left. `reserved` counts
 * against the order until the step records the refund (`settled`) or nothing was paid
 * (`released`); a step that will never run again is settled or released by the reconciler.
 */
export const refundReservations = pgTable(
  'refund_reservations',
  {
    idempotencyKey: text('idempotency_key').primaryKey(),
    orderNumber: integer('order_number')
      .notNull()
      .references(() => orders.number),
    amountCents: integer('amount_cents').notNull(),
    /** The workflow run of the step: the reconciler leaves a live run's reservation alone. */
    runId: text('run_id'),
    status: text('status', { enum: REFUND_RESERVATION_STATUSES }).notNull().default('reserved'),
    reason: text('reason'),
    approvalId: uuid('approval_id'),
    providerRefundId: text('provider_refund_id'),
    createdAt: createdAt(),
    settledAt: timestamp('settled_at', { withTimezone: true }),
  },
  (t) => [
    index('refund_reservations_order_status_idx').on(t.orderNumber, t.status),
    index('refund_reservations_status_created_idx').on(t.status, t.createdAt),
    check('refund_reservations_positive', sql`${t.amountCents} > 0`),
  ],
);

/**
 * What a finished run's review needs, kept after the workflow world lets go of it: its
 * final state, its event log and steps (decoded for display, secrets redacted) and the UI
 * chunks it streamed. The local world's files of an archived run are deleted.
 */
export const runArchives = pgTable('run_archives', {
  runId: text('run_id')
    .primaryKey()
    .references(() => runs.id, { onDelete: 'cascade' }),
  worldStatus: text('world_status').notNull(),
  events: jsonb('events').notNull(),
  steps: jsonb('steps').notNull(),
  chunks: jsonb('chunks').notNull(),
  archivedAt: timestamp('archived_at', { withTimezone: true }).notNull().defaultNow(),
});

export const AUDIT_ACTIONS = [
  'approval.requested',
  'approval.approved',
  'approval.rejected',
  'approval.expired',
  'approval.cancelled',
  'refund.issued',
  'order.cancelled',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Who asked for what, who decided, when, from which session, why, and what it led to. Written
 * in the same transaction as the change it records; append-only (a trigger refuses updates
 * and deletes, the migration that creates it), so nobody can edit the record through the app or by hand.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    action: text('action', { enum: AUDIT_ACTIONS }).notNull(),
    /** Null for what the app did on its own (an expiry). */
    actorId: uuid('actor_id'),
    /** The actor's name at the time, kept even if the account goes. */
    actorName: text('actor_name'),
    sessionId: text('session_id'),
    approvalId: uuid('approval_id'),
    runId: text('run_id'),
    chatId: uuid('chat_id'),
    summary: text('summary').notNull(),
    reason: text('reason'),
    details: jsonb('details').notNull().default({}),
  },
  (t) => [index('audit_events_approval_idx').on(t.approvalId), index('audit_events_at_idx').on(t.at)],
);

// ---------------------------------------------------------------------------
// Approval notifications (lib/notifications/, agents/approval-notifications.ts)
// ---------------------------------------------------------------------------

/**
 * The one notification run that speaks for an approval. The plan step that records an
 * approval starts a notification run, and a retried plan step may start a second one: the
 * first to claim the approval here sends its events, any other ends at once.
 */
export const approvalNotifiers = pgTable('approval_notifiers', {
  approvalId: uuid('approval_id')
    .primaryKey()
    .references(() => approvals.id, { onDelete: 'cascade' }),
  runId: text('run_id').notNull(),
  createdAt: createdAt(),
  /** When retention removed the ended run's files from the local world (lib/runs/retention.ts). */
  purgedAt: timestamp('purged_at', { withTimezone: true }),
});

export const NOTIFICATION_DELIVERY_STATUSES = ['sending', 'delivered', 'failed'] as const;
export type NotificationDeliveryStatus = (typeof NOTIFICATION_DELIVERY_STATUSES)[number];

/**
 * Every webhook delivery of an approval event, by its delivery id (the `x-webhook-id` a
 * receiver deduplicates on): its attempts, its last error, and whether it got through or
 * was given up. A delivery marked delivered is never sent again.
 */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: text('id').primaryKey(),
    approvalId: uuid('approval_id')
      .notNull()
      .references(() => approvals.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    url: text('url').notNull(),
    status: text('status', { enum: NOTIFICATION_DELIVERY_STATUSES }).notNull().default('sending'),
    /** HTTP attempts started, counted before each one (a crash mid-send counts too). */
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: createdAt(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [index('notification_deliveries_approval_idx').on(t.approvalId)],
);
