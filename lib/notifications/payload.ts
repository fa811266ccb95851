import { createHash } from 'node:crypto';
import type { ApprovalView } from '@/db/queries/approvals';
import { toolLabel } from '@/lib/chat/tool-labels';
import { formatMoney } from '@/lib/format';
import type { WebhookFormat } from './config';

export const APPROVAL_EVENTS = ['approval.requested', 'approval.expiring', 'approval.expired', 'approval.decided'] as const;
export type ApprovalEvent = (typeof APPROVAL_EVENTS)[number];

/**
 * One delivery's id: the same for every attempt, replay and duplicate run that sends this
 * event of this approval to this URL, so a receiver can drop what it has already processed.
 */
export function deliveryIdOf(approvalId: string, event: ApprovalEvent, url: string): string {
  return `dlv_${createHash('sha256').update(`${approvalId}\n${event}\n${url}`).digest('hex').slice(0, 32)}`;
}

export interface Amount {
  cents: number;
  currency: string;
}

/** The JSON event (NOTIFY_WEBHOOK_FORMAT=json). */
export interface ApprovalEventBody {
  id: string;
  event: ApprovalEvent;
  /** When what the event reports happened: the request, the warning time, the deadline, the decision. */
  occurredAt: string;
  approval: {
    id: string;
    status: ApprovalView['status'];
    /** What will happen if someone says yes, in words: "Refund $42.00 to Ada Lovelace for order #1007". */
    action: string;
    tool: { name: string; label: string };
    amount: (Amount & { formatted: string }) | null;
    requestedBy: { id: string; name: string };
    requestedAt: string;
    /** Who may decide it, by name. */
    deciders: string[];
    approversOnly: boolean;
    expiresAt: string;
    decidedBy: { id: string; name: string } | null;
    decidedAt: string | null;
    reason: string | null;
    /** Where to decide: the approvals inbox. */
    url: string;
  };
}

export interface EventFacts {
  deliveryId: string;
  event: ApprovalEvent;
  approval: ApprovalView;
  amount: Amount | null;
  appUrl: string;
  expiryWarningMs: number;
}

/** Who can decide: approvers only above the requester's limit, else the requester too. */
export function decidersOf(approval: ApprovalView): string[] {
  return approval.approversOnly ? approval.deciders : [approval.requestedBy.name, ...approval.deciders];
}

/** Stable per event, so a retried delivery carries the same body. */
function occurredAt(facts: EventFacts): string {
  const { approval, event } = facts;
  if (event === 'approval.requested') return approval.requestedAt;
  if (event === 'approval.expired') return approval.expiresAt;
  if (event === 'approval.decided') return approval.decidedAt ?? approval.expiresAt;
  return new Date(Date.parse(approval.expiresAt) - facts.expiryWarningMs).toISOString();
}

export function approvalEventBody(facts: EventFacts): ApprovalEventBody {
  const { approval, amount } = facts;
  return {
    id: facts.deliveryId,
    event: facts.event,
    occurredAt: occurredAt(facts),
    approval: {
      id: approval.approvalId,
      status: approval.status,
      action: approval.summary,
      tool: { name: approval.toolName, label: toolLabel(approval.toolName) },
      amount: amount ? { ...amount, formatted: formatMoney(amount.cents, amount.currency) } : null,
      requestedBy: approval.requestedBy,
      requestedAt: approval.requestedAt,
      deciders: decidersOf(approval),
      approversOnly: approval.approversOnly,
      expiresAt: approval.expiresAt,
      decidedBy: approval.decidedBy,
      decidedAt: approval.decidedAt,
      reason: approval.reason,
      url: `${facts.appUrl}/approvals`,
    },
  };
}

/** The headline of each event, in a person's words, in Slack mrkdwn (what people typed is escaped). */
function headline(body: ApprovalEventBody): string {
  const { approval } = body;
  const action = slackEscape(approval.action);
  switch (body.event) {
    case 'approval.requested':
      return `${slackEscape(approval.requestedBy.name)} asks for approval: ${action}`;
    case 'approval.expiring':
      return `Still waiting for a decision, expires ${slackDate(approval.expiresAt)}: ${action}`;
    case 'approval.expired':
      return `Expired with no decision: ${action}`;
    case 'approval.decided':
      return `${slackEscape(approval.decidedBy?.name ?? 'Someone')} ${approval.status} it: ${action}`;
  }
}

/** Slack's date token: each reader sees their own time zone, with the ISO time as fallback. */
function slackDate(iso: string): string {
  return `<!date^${Math.floor(Date.parse(iso) / 1000)}^{date_short_pretty} at {time}|${iso}>`;
}

/** Slack's mrkdwn treats &, < and > as markup: escape what people typed. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A Slack incoming-webhook message (NOTIFY_WEBHOOK_FORMAT=slack): `text` for notifications, blocks for the channel. */
export function slackMessage(body: ApprovalEventBody) {
  const { approval } = body;
  const who = approval.deciders.length ? approval.deciders.map(slackEscape).join(', ') : 'nobody yet';
  const details = [
    `*Requested by* ${slackEscape(approval.requestedBy.name)}`,
    approval.amount ? `*Amount* ${approval.amount.formatted}` : null,
    `*Who may decide* ${who}`,
    `*Deadline* ${slackDate(approval.expiresAt)}`,
  ].filter(Boolean);
  return {
    text: headline(body),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${headline(body)}*` } },
      { type: 'context', elements: details.map((text) => ({ type: 'mrkdwn', text })) },
      {
        type: 'actions',
        elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open approvals' }, url: approval.url }],
      },
    ],
  };
}

/** The exact bytes sent (and signed) for this format. */
export function renderBody(body: ApprovalEventBody, format: WebhookFormat): string {
  return JSON.stringify(format === 'slack' ? slackMessage(body) : body);
}
