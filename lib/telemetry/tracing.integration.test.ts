import { randomUUID } from 'node:crypto';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUser } from '@/db/queries/users';
import type { DatabaseHandle } from '@/db/client';
import { sendAndWait } from '@/testing/chat';
import { setUpTestDatabase } from '@/testing/db';
import { startTracing, tracingConfigured } from './tracing';

// A slow turn should be explainable from its trace alone: one trace from the route's start of
// the run to its last step, every model call named by its chat and run, and no customer data.
const exporter = new InMemorySpanExporter();
const provider = startTracing(exporter, { batch: false });
let database: DatabaseHandle;
const userId = randomUUID();

beforeAll(async () => {
  database = await setUpTestDatabase('pglite');
  await ensureUser(userId);
});
afterAll(async () => {
  await provider.shutdown();
  await database.close();
});

const named = (spans: ReadableSpan[], pattern: RegExp) => spans.filter((span) => pattern.test(span.name));

describe('traces of a turn', () => {
  it('follow the turn from its start through every step and model call, with its chat and run ids', async () => {
    exporter.reset();
    const { chatId, runId, output } = await sendAndWait(userId, 'Where is order 1007?');
    expect(output.status).toBe('completed');
    await provider.forceFlush();
    const spans = exporter.getFinishedSpans();

    const [begun] = named(spans, /^chat\.turn\.start$/);
    expect(begun?.attributes).toMatchObject({ 'chat.id': chatId, 'workflow.run.id': runId, 'chat.model': 'demo' });
    const traceId = begun!.spanContext().traceId;

    const steps = named(spans, /^STEP /);
    expect(steps.map((span) => span.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/startTurn$/), expect.stringMatching(/doStreamStep$/), expect.stringMatching(/executeGetOrder$/), expect.stringMatching(/completeTurn$/)]),
    );
    const modelCalls = named(spans, /^ai\.streamText\.doStream$/);
    expect(modelCalls).toHaveLength(2); // the lookup, then the answer
    for (const call of modelCalls) {
      expect(call.attributes).toMatchObject({ 'ai.telemetry.metadata.chatId': chatId, 'ai.telemetry.metadata.runId': runId, 'ai.model.id': 'demo' });
      expect(call.attributes['ai.prompt.messages']).toBeUndefined();
      expect(call.attributes['ai.response.text']).toBeUndefined();
    }
    // Through the queue and back: the run's work belongs to the trace the route began.
    for (const span of [...steps, ...modelCalls]) expect(span.spanContext().traceId).toBe(traceId);
    expect(JSON.stringify(spans.map((span) => span.attributes))).not.toContain('Donald Knuth');
  });

  it('is off unless an OTLP endpoint is configured', () => {
    expect(tracingConfigured({})).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
  });
});
