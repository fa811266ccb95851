import { context, propagation, trace, type Attributes, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace';

/**
 * Traces of a turn: the chat route, the run, each step and each model call. The workflow
 * runtime and DurableAgent already report their spans through the OpenTelemetry API (and
 * carry the trace across the queue); this registers the provider that records them.
 */
export const SERVICE_NAME = 'support-agent';

/** True when an OTLP endpoint is configured (the standard variables) and the SDK is not disabled. */
export function tracingConfigured(env: Record<string, string | undefined> = process.env): boolean {
  if (env.OTEL_SDK_DISABLED === 'true') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT);
}

/**
 * Registers a tracer provider exporting to `exporter` (batched in production, one by one in
 * tests), the async-context manager that keeps a span active across awaits, and the W3C
 * propagator the runtime uses to continue a trace from the route into the run's steps.
 */
export function startTracing(exporter: SpanExporter, options: { batch?: boolean } = {}): TracerProvider {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME ?? SERVICE_NAME }),
    spanProcessors: [options.batch === false ? new SimpleSpanProcessor({ exporter }) : new BatchSpanProcessor({ exporter })],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return provider;
}

const tracer = () => trace.getTracer(SERVICE_NAME);

/** Runs `fn` in a span named `name`; an error marks the span failed and is thrown on. */
export async function inSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: 2, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Names the chat and the run on the span that is active now (the route's), if any. */
export function tagActiveSpan(attributes: Attributes): void {
  trace.getActiveSpan()?.setAttributes(attributes);
}
