import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalView } from '@/db/queries/approvals';
import { WebhookReceiver } from '@/testing/webhook-receiver';
import { notificationConfig } from './config';
import { approvalEventBody, deliveryIdOf, renderBody, type ApprovalEventBody } from './payload';
import { backoffMs, sendWebhook } from './send';
import { signWebhookBody, verifyWebhookSignature } from './signature';

const secret = 'a-webhook-secret-for-tests';
const receiver = new WebhookReceiver(secret);
beforeAll(() => receiver.start());
afterAll(() => receiver.close());

const approval: ApprovalView = {
  approvalId: '6f1c8a56-3a0e-4a53-9d8e-0d6f0f7b2b11',
  runId: 'wrun_1',
  chatId: '9c7d0d3e-7d0c-4f5e-8f43-6c0e4c1d2a10',
  toolCallId: 'call-1',
  toolName: 'refundOrder',
  input: { orderNumber: 1007, amountCents: 4200 },
  summary: 'Refund $42.00 to Ada Lovelace for order #1007',
  status: 'pending',
  requestedAt: '2026-11-30T12:00:00.000Z',
  expiresAt: '2026-12-01T12:00:00.000Z',
  requestedBy: { id: 'u1', name: 'Ada Agent' },
  approversOnly: true,
  deciders: ['Alex Admin', 'Sam <Supervisor>'],
  decidedAt: null,
  decidedBy: null,
  reason: null,
};

function bodyOf(event: ApprovalEventBody['event'] = 'approval.requested'): ApprovalEventBody {
  return approvalEventBody({
    deliveryId: deliveryIdOf(approval.approvalId, event, receiver.url),
    event,
    approval,
    amount: { cents: 4200, currency: 'USD' },
    appUrl: 'https://support.example',
    expiryWarningMs: 600_000,
  });
}

describe('signatures', () => {
  const body = '{"event":"approval.requested"}';
  const now = Date.now();
  const timestamp = Math.floor(now / 1000);
  const signature = signWebhookBody(secret, timestamp, body);

  it('verify for the exact body, timestamp and secret', () => {
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature({ secret, body, timestamp: String(timestamp), signature, now })).toBe(true);
  });

  it('fail for a tampered body, another timestamp, another secret, or an old delivery', () => {
    const check = (changes: Partial<Parameters<typeof verifyWebhookSignature>[0]>) =>
      verifyWebhookSignature({ secret, body, timestamp: String(timestamp), signature, now, ...changes });
    expect(check({ body: body.replace('requested', 'expired') })).toBe(false);
    expect(check({ timestamp: String(timestamp + 1) })).toBe(false);
    expect(check({ secret: 'another-secret-entirely' })).toBe(false);
    expect(check({ signature: null })).toBe(false);
    expect(check({ signature: 'v1=abc' })).toBe(false);
    expect(check({ now: now + 301_000 })).toBe(false);
  });

  it('accept any one of several signatures (a key being rotated)', () => {
    const other = signWebhookBody('the-previous-secret-value', timestamp, body);
    expect(verifyWebhookSignature({ secret, body, timestamp: String(timestamp), signature: `${other},${signature}`, now })).toBe(true);
  });
});

describe('delivery ids', () => {
  it('are stable for an approval, event and URL, and differ otherwise', () => {
    const id = deliveryIdOf(approval.approvalId, 'approval.requested', 'https://a.example/hook');
    expect(id).toMatch(/^dlv_[0-9a-f]{32}$/);
    expect(deliveryIdOf(approval.approvalId, 'approval.requested', 'https://a.example/hook')).toBe(id);
    expect(deliveryIdOf(approval.approvalId, 'approval.expired', 'https://a.example/hook')).not.toBe(id);
    expect(deliveryIdOf(approval.approvalId, 'approval.requested', 'https://b.example/hook')).not.toBe(id);
  });
});

describe('bodies', () => {
  it('say what, how much, who asked, who may decide, by when, and where', () => {
    expect(bodyOf()).toEqual({
      id: expect.stringMatching(/^dlv_/),
      event: 'approval.requested',
      occurredAt: approval.requestedAt,
      approval: expect.objectContaining({
        id: approval.approvalId,
        status: 'pending',
        action: 'Refund $42.00 to Ada Lovelace for order #1007',
        tool: { name: 'refundOrder', label: 'Refund order' },
        amount: { cents: 4200, currency: 'USD', formatted: '$42.00' },
        requestedBy: { id: 'u1', name: 'Ada Agent' },
        deciders: ['Alex Admin', 'Sam <Supervisor>'],
        expiresAt: approval.expiresAt,
        url: 'https://support.example/approvals',
      }),
    });
    // Within the requester's own limit, the requester may decide too.
    expect(approvalEventBody({ ...bodyFacts(), approval: { ...approval, approversOnly: false } }).approval.deciders).toEqual([
      'Ada Agent',
      'Alex Admin',
      'Sam <Supervisor>',
    ]);
    expect(bodyOf('approval.expiring').occurredAt).toBe('2026-12-01T11:50:00.000Z');
  });

  it('in Slack format are a message with text, blocks and a button to the inbox, escaped', () => {
    const slack = JSON.parse(renderBody(bodyOf(), 'slack')) as { text: string; blocks: { type: string; elements?: { url?: string; text: unknown }[] }[] };
    expect(slack.text).toBe('Ada Agent asks for approval: Refund $42.00 to Ada Lovelace for order #1007');
    expect(slack.blocks.map((b) => b.type)).toEqual(['section', 'context', 'actions']);
    const context = JSON.stringify(slack.blocks[1]);
    expect(context).toContain('$42.00');
    expect(context).toContain('Sam &lt;Supervisor&gt;'); // Slack markup in a name stays text
    expect(context).toContain('<!date^1796126400^');
    expect(slack.blocks[2]!.elements![0]!.url).toBe('https://support.example/approvals');
    const expiring = JSON.parse(renderBody(bodyOf('approval.expiring'), 'slack')) as { text: string };
    expect(expiring.text).toBe(
      'Still waiting for a decision, expires <!date^1796126400^{date_short_pretty} at {time}|2026-12-01T12:00:00.000Z>: Refund $42.00 to Ada Lovelace for order #1007',
    );
  });
});

function bodyFacts() {
  return { deliveryId: 'dlv_x', event: 'approval.requested' as const, approval, amount: null, appUrl: 'https://support.example', expiryWarningMs: 0 };
}

describe('sending', () => {
  const send = (body = renderBody(bodyOf(), 'json')) =>
    sendWebhook({ url: receiver.url, deliveryId: 'dlv_send_test', event: 'approval.requested', body, secret });

  it('posts the body with its id, event, timestamp and a signature the receiver verifies', async () => {
    expect(await send()).toEqual({ outcome: 'delivered', status: 200 });
    const got = receiver.received.at(-1)!;
    expect(got).toMatchObject({ deliveryId: 'dlv_send_test', event: 'approval.requested', verified: true });
    expect(JSON.parse(got.body)).toEqual(bodyOf());
  });

  it('treats 5xx and 429 as worth a retry (with Retry-After), another 4xx as refused, and no answer as a retry', async () => {
    receiver.answerNext(500);
    expect(await send()).toMatchObject({ outcome: 'retry', error: expect.stringContaining('answered 500') });
    receiver.answerNext(410);
    expect(await send()).toMatchObject({ outcome: 'refused' });
    const wrongSecret = await sendWebhook({ url: receiver.url, deliveryId: 'dlv_forged', event: 'approval.requested', body: '{}', secret: 'not-the-receivers-secret' });
    expect(wrongSecret).toMatchObject({ outcome: 'refused', error: expect.stringContaining('401') });
    const nobody = await sendWebhook({ url: 'http://127.0.0.1:1/hooks', deliveryId: 'dlv_x', event: 'approval.requested', body: '{}', secret });
    expect(nobody.outcome).toBe('retry');
  });

  it('backs off 1 s, 2 s, 4 s… up to a minute, or as the receiver asks', () => {
    expect([1, 2, 3, 4, 8].map((n) => backoffMs(n))).toEqual([1000, 2000, 4000, 8000, 60_000]);
    expect(backoffMs(1, 5000)).toBe(5000);
    expect(backoffMs(1, 600_000)).toBe(60_000);
  });
});

describe('configuration', () => {
  it('sends nothing without URLs, and refuses URLs without a secret or a bad format', () => {
    expect(notificationConfig({})).toMatchObject({ urls: [], format: 'json', expiryWarningMs: 600_000, appUrl: 'http://localhost:3000' });
    expect(() => notificationConfig({ NOTIFY_WEBHOOK_URLS: 'https://a.example/h' })).toThrow(/NOTIFY_WEBHOOK_SECRET/);
    expect(() => notificationConfig({ NOTIFY_WEBHOOK_URLS: 'ftp://a.example', NOTIFY_WEBHOOK_SECRET: secret })).toThrow(/not an http/);
    expect(() => notificationConfig({ NOTIFY_WEBHOOK_FORMAT: 'xml' })).toThrow(/json/);
    expect(
      notificationConfig({ NOTIFY_WEBHOOK_URLS: ' https://a.example/h , https://b.example/h ', NOTIFY_WEBHOOK_SECRET: secret, NOTIFY_WEBHOOK_FORMAT: 'Slack', NOTIFY_EXPIRY_WARNING: '1h' }),
    ).toMatchObject({ urls: ['https://a.example/h', 'https://b.example/h'], format: 'slack', expiryWarningMs: 3_600_000 });
  });
});
