import { describe, expect, it } from 'vitest';
import type { ApprovalView } from '@/db/queries/approvals';
import { sentenceOf } from './step-sentences';
import type { HookItem, StepItem } from './timeline';

const nameOf = (person: { id: string; name: string } | null | undefined) => (person?.id === 'me' ? 'you' : (person?.name ?? 'someone'));

function step(name: string, fields: Partial<StepItem> = {}): StepItem {
  return {
    kind: 'step',
    id: `step_${name}`,
    name,
    label: name,
    category: 'other',
    status: 'completed',
    attempts: [],
    input: undefined,
    output: undefined,
    startedAt: '2026-11-30T10:00:00.000Z',
    endedAt: '2026-11-30T10:00:01.000Z',
    durationMs: 1000,
    ...fields,
  };
}

function approvalHook(approval: Partial<ApprovalView>, durationMs = 12_000): HookItem {
  return {
    kind: 'hook',
    id: 'hook_1',
    label: 'Waiting for approval',
    outcome: 'received',
    startedAt: '2026-11-30T10:00:00.000Z',
    endedAt: '2026-11-30T10:00:12.000Z',
    durationMs,
    approval: { summary: 'Refund $20.00 of order #1007', status: 'pending', ...approval } as ApprovalView,
  };
}

describe('a run in plain words', () => {
  it('names tool steps by what they did, with their input', () => {
    expect(sentenceOf(step('executeGetOrder', { input: [{ orderNumber: 1007 }] }), nameOf).text).toBe('Looked up order #1007');
    expect(sentenceOf(step('refundThroughProvider', { input: [{ orderNumber: 1005, amountCents: 400 }, null] }), nameOf).text).toBe(
      'Refunded $4.00 of order #1005',
    );
    expect(sentenceOf(step('markCancelled', { input: [1004] }), nameOf).text).toBe('Cancelled order #1004');
    // As the world records a step's input.
    const recorded = { args: [{ orderNumber: 1005, amountCents: 400 }, 'appr_1'], closureVars: {}, thisVal: undefined };
    expect(sentenceOf(step('refundThroughProvider', { input: recorded }), nameOf).text).toBe('Refunded $4.00 of order #1005');
    expect(sentenceOf(step('executeGetOrder', { input: [{ orderNumber: 1099 }], status: 'failed' }), nameOf).text).toBe('Tried to look up order #1099');
  });

  it('names the order each rules check was for, since several can run side by side', () => {
    const recorded = (orderNumber: number) => ({ args: [{ orderNumber, amountCents: 200 }, { chatId: 'c' }], closureVars: {}, thisVal: undefined });
    expect(sentenceOf(step('planRefund', { input: recorded(1014) }), nameOf).text).toBe('Checked the refund of order #1014 against the rules');
    expect(sentenceOf(step('planCancel', { input: recorded(1004), status: 'failed' }), nameOf).text).toBe(
      'The cancellation of order #1004 did not pass the rules',
    );
    expect(sentenceOf(step('planRefund', { input: [{}] }), nameOf).text).toBe('Checked the refund against the rules');
  });

  it('says what a model call was for', () => {
    const choosing = step('doStreamStep', { model: { inputTokens: 1, outputTokens: 1, finishReason: 'tool-calls', latencyMs: 5 } });
    const answering = step('doStreamStep', { model: { inputTokens: 1, outputTokens: 1, finishReason: 'stop', latencyMs: 5 } });
    expect(sentenceOf(choosing, nameOf).text).toBe('Chose what to do next');
    expect(sentenceOf(answering, nameOf).text).toBe('Wrote the answer');
    expect(sentenceOf(step('doStreamStep', { status: 'running' }), nameOf).text).toBe('Thinking…');
  });

  it('says who an approval waited for, and how long', () => {
    expect(sentenceOf(approvalHook({ status: 'approved', decidedBy: { id: 'ada', name: 'Ada Agent' } }), nameOf).text).toBe(
      'Waited 12 s for Ada Agent’s approval',
    );
    expect(sentenceOf(approvalHook({ status: 'approved', decidedBy: { id: 'me', name: 'Me' } }), nameOf).text).toBe('Waited 12 s for your approval');
    expect(sentenceOf(approvalHook({ status: 'rejected', decidedBy: { id: 'sam', name: 'Sam' } }), nameOf).text).toBe('Waited 12 s; Sam rejected it');
    expect(sentenceOf(approvalHook({ status: 'cancelled', reason: 'Stopped by Ada Agent.' }), nameOf).text).toBe(
      'Waited 12 s for approval; stopped by Ada Agent',
    );
    expect(sentenceOf(approvalHook({ status: 'pending' }), nameOf).text).toBe('Waiting for approval: Refund $20.00 of order #1007');
  });

  it('marks the plumbing as technical, and keeps what a person would name in view', () => {
    expect(sentenceOf(step('writeToolOutputToUI', { category: 'stream' }), nameOf).technical).toBe(true);
    expect(sentenceOf(step('settleApproval'), nameOf).technical).toBe(true);
    expect(sentenceOf(step('startTurn'), nameOf)).toEqual({ text: 'Read the chat so far', technical: false });
  });
});
