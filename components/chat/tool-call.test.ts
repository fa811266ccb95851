import type { ToolUIPart } from 'ai';
import { describe, expect, it } from 'vitest';
import type { ApprovalView } from '@/db/queries/approvals';
import { newestApproval } from '@/components/approvals/approval-card';
import { toolCallState } from './tool-call';

const waiting = { type: 'tool-refundOrder', toolCallId: 'call-1', state: 'input-available', input: { orderNumber: 1005 } } as ToolUIPart;
const approval = (status: ApprovalView['status']) => ({ approvalId: 'a-1', status }) as ApprovalView;

describe('a tool call that needed an approval, before its result', () => {
  it('waits while the request is pending', () => {
    expect(toolCallState(waiting, approval('pending')).state).toBe('waiting');
  });

  it('runs once approved, and says rejected or expired at once when it will not run', () => {
    expect(toolCallState(waiting, approval('approved')).state).toBe('running');
    expect(toolCallState(waiting, approval('rejected')).state).toBe('rejected');
    expect(toolCallState(waiting, approval('expired')).state).toBe('expired');
  });

  it('goes by the decision this page sent until the stream says more than pending', () => {
    const approved = approval('approved');
    expect(toolCallState(waiting, newestApproval(approval('pending'), approved)).state).toBe('running');
    // The stream's own word wins once it has one (another tab decided differently first).
    expect(newestApproval(approval('rejected'), approved).status).toBe('rejected');
    expect(newestApproval(approval('pending'), { ...approved, approvalId: 'another' }).status).toBe('pending');
  });
});
