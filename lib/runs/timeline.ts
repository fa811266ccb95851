import type { ApprovalView } from '@/db/queries/approvals';
import { describeStep, type StepCategory } from './step-labels';

/** An event of the run's log, reduced to what the timeline reads. */
export interface LogEvent {
  type: string;
  correlationId?: string;
  at: Date;
  data?: Record<string, unknown>;
}

/** A step as the world stores it, with its input and output already decoded for display. */
export interface LogStep {
  stepId: string;
  stepName: string;
  status: string;
  input: unknown;
  output: unknown;
  error?: string;
}

export interface EffectRecord {
  idempotencyKey: string;
  toolName: string;
  result: unknown;
  createdAt: string;
}

export interface Attempt {
  attempt: number;
  startedAt: string;
  endedAt: string | null;
  outcome: 'running' | 'completed' | 'retrying' | 'failed' | 'cancelled';
  error?: string;
  /** Time between this attempt failing and the next one starting. */
  retryDelayMs?: number;
}

export interface ModelCallInfo {
  inputTokens: number;
  outputTokens: number;
  finishReason?: string;
  latencyMs: number | null;
  text?: string;
}

interface Span {
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
}

export interface StepItem extends Span {
  kind: 'step';
  id: string;
  name: string;
  label: string;
  category: StepCategory;
  status: string;
  attempts: Attempt[];
  input: unknown;
  output: unknown;
  error?: string;
  model?: ModelCallInfo;
  effect?: EffectRecord;
}

export interface WaitItem extends Span {
  kind: 'wait';
  id: string;
  label: string;
  resumeAt: string | null;
  outcome: 'waiting' | 'elapsed' | 'not needed';
}

export interface HookItem extends Span {
  kind: 'hook';
  id: string;
  label: string;
  outcome: 'waiting' | 'received' | 'disposed unanswered';
  approval?: ApprovalView;
}

export type TimelineItem = StepItem | WaitItem | HookItem;

export interface Timeline {
  startedAt: string | null;
  endedAt: string | null;
  items: TimelineItem[];
}

const iso = (date: Date) => date.toISOString();
const duration = (start: string, end: string | null) => (end ? Date.parse(end) - Date.parse(start) : null);

function errorText(data: Record<string, unknown> | undefined): string | undefined {
  const error = data?.error;
  if (error == null) return undefined;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}

function modelInfo(step: LogStep, latencyMs: number | null): ModelCallInfo | undefined {
  const raw = (step.output as { raw?: Record<string, unknown> } | null)?.raw;
  if (!raw) return undefined;
  const usage = raw.usage as { inputTokens?: { total?: number }; outputTokens?: { total?: number } } | undefined;
  const finish = raw.rawFinishReason as { unified?: string } | string | undefined;
  return {
    inputTokens: usage?.inputTokens?.total ?? 0,
    outputTokens: usage?.outputTokens?.total ?? 0,
    finishReason: typeof finish === 'string' ? finish : finish?.unified,
    latencyMs,
    text: typeof raw.text === 'string' && raw.text ? raw.text : undefined,
  };
}

/**
 * The run as a timeline: every step with its attempts (each failed attempt's error and the
 * delay before the retry), every wait (sleeps, approval deadlines) and every hook (approvals)
 * with how it ended, joined with the app's approvals and recorded effects.
 */
export function buildTimeline(input: {
  events: LogEvent[];
  steps: LogStep[];
  approvals: ApprovalView[];
  effects: EffectRecord[];
  runId: string;
}): Timeline {
  const steps = new Map(input.steps.map((s) => [s.stepId, s]));
  const effects = new Map(input.effects.map((e) => [e.idempotencyKey, e]));
  const attempts = new Map<string, Attempt[]>();
  const waits = new Map<string, WaitItem>();
  const hooks = new Map<string, HookItem>();
  let runStart: string | null = null;
  let runEnd: string | null = null;

  for (const event of [...input.events].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const id = event.correlationId ?? '';
    const at = iso(event.at);
    const list = attempts.get(id) ?? [];
    const current = list.at(-1);
    switch (event.type) {
      case 'run_created':
        runStart ??= at;
        break;
      case 'run_completed':
      case 'run_failed':
      case 'run_cancelled':
        runEnd = at;
        // An attempt still running when the run ended was cut off with it.
        for (const tries of attempts.values()) {
          const last = tries.at(-1);
          if (last?.outcome === 'running') Object.assign(last, { outcome: 'cancelled', endedAt: at });
        }
        break;
      case 'step_started':
        if (current?.outcome === 'retrying' && current.endedAt) current.retryDelayMs = Date.parse(at) - Date.parse(current.endedAt);
        list.push({ attempt: list.length + 1, startedAt: at, endedAt: null, outcome: 'running' });
        attempts.set(id, list);
        break;
      case 'step_retrying':
      case 'step_failed':
      case 'step_completed':
        if (current && current.outcome === 'running') {
          current.endedAt = at;
          current.outcome = event.type === 'step_completed' ? 'completed' : event.type === 'step_failed' ? 'failed' : 'retrying';
          const error = errorText(event.data);
          if (error && event.type !== 'step_completed') current.error = error;
        }
        break;
      case 'wait_created':
        if (!waits.has(id)) {
          const resumeAt = event.data?.resumeAt;
          waits.set(id, {
            kind: 'wait',
            id,
            label: 'Sleep',
            startedAt: at,
            endedAt: null,
            durationMs: null,
            resumeAt: resumeAt ? new Date(resumeAt as string | Date).toISOString() : null,
            outcome: 'waiting',
          });
        }
        break;
      case 'wait_completed': {
        const wait = waits.get(id);
        if (wait) Object.assign(wait, { endedAt: at, durationMs: duration(wait.startedAt, at), outcome: 'elapsed' });
        break;
      }
      case 'hook_created': {
        const token = String(event.data?.token ?? '');
        const toolCallId = token.startsWith(`approval:${input.runId}:`) ? token.slice(`approval:${input.runId}:`.length) : null;
        const approval = input.approvals.find((a) => a.toolCallId === toolCallId);
        hooks.set(id, {
          kind: 'hook',
          id,
          label: approval ? `Waiting for approval: ${approval.summary}` : 'Waiting for a hook',
          startedAt: at,
          endedAt: null,
          durationMs: null,
          outcome: 'waiting',
          approval,
        });
        break;
      }
      case 'hook_received':
      case 'hook_disposed': {
        const hook = hooks.get(id);
        if (hook && hook.outcome === 'waiting') {
          Object.assign(hook, {
            endedAt: at,
            durationMs: duration(hook.startedAt, at),
            outcome: event.type === 'hook_received' ? 'received' : 'disposed unanswered',
          });
        }
        break;
      }
    }
  }

  // The hook is made before its plan step runs; the wait for a person begins when the request
  // was made, so that is where the line starts and what its duration counts.
  for (const hook of hooks.values()) {
    const requestedAt = hook.approval?.requestedAt;
    if (requestedAt && Date.parse(requestedAt) > Date.parse(hook.startedAt)) {
      hook.startedAt = new Date(requestedAt).toISOString();
      hook.durationMs = duration(hook.startedAt, hook.endedAt);
    }
  }

  // Waits beside an approval are its deadline; one that never elapsed was not needed.
  const approvalHooks = [...hooks.values()].filter((h) => h.approval);
  for (const wait of waits.values()) {
    const deadlineOf = approvalHooks.find((h) => wait.resumeAt === h.approval!.expiresAt);
    if (deadlineOf) wait.label = `Approval deadline (${deadlineOf.approval!.summary})`;
    if (wait.outcome === 'waiting' && runEnd) Object.assign(wait, { outcome: 'not needed', endedAt: runEnd, durationMs: duration(wait.startedAt, runEnd) });
  }

  const stepItems: StepItem[] = [...attempts.entries()].map(([stepId, tries]) => {
    const step = steps.get(stepId);
    const described = describeStep(step?.stepName ?? String(stepId));
    const startedAt = tries[0]!.startedAt;
    const endedAt = tries.at(-1)!.endedAt;
    const last = tries.at(-1)!;
    const item: StepItem = {
      kind: 'step',
      id: stepId,
      ...described,
      status: step?.status ?? last.outcome,
      startedAt,
      endedAt,
      durationMs: duration(startedAt, endedAt),
      attempts: tries,
      input: step?.input,
      output: step?.output,
      error: step?.error ?? tries.findLast((t) => t.error)?.error,
      effect: effects.get(stepId),
    };
    if (described.category === 'model' && described.name === 'doStreamStep' && step) {
      item.model = modelInfo(step, duration(last.startedAt, last.endedAt));
    }
    return item;
  });

  const items: TimelineItem[] = [...stepItems, ...hooks.values(), ...waits.values()].sort(
    (a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt),
  );
  return { startedAt: runStart, endedAt: runEnd, items };
}
