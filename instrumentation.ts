/**
 * Starts the workflow world with the server. Without it, a run that was inside a step
 * when the server died stays "running" forever; with it, the world re-enqueues active
 * runs on start and starts its queue worker (Postgres world), and on the Postgres world the
 * instance joins the others that share it (lib/cluster/start-world.ts).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { checkConfigurationAtServerStart } = await import('./lib/check-config');
  await checkConfigurationAtServerStart();
  // Traces of each turn (route, run, steps, model calls) when an OTLP endpoint is configured.
  const { startTracing, tracingConfigured } = await import('./lib/telemetry/tracing');
  if (tracingConfigured()) {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    startTracing(new OTLPTraceExporter());
  }
  // Before any step registers: a crash costs a step an attempt, not one of its retries.
  const { separateCrashesFromFailures } = await import('./lib/engine/step-retries');
  separateCrashesFromFailures();
  const { getWorld } = await import('workflow/runtime');
  const world = getWorld();
  // Each stream write waits for the world's next flush (10 ms by default). Writes are already
  // batched per model step (STREAM_COALESCE_MS), so flush as soon as possible.
  const flushMs = Number(process.env.WORKFLOW_STREAM_FLUSH_MS ?? 1);
  if (Number.isFinite(flushMs) && flushMs >= 0) world.streamFlushIntervalMs = flushMs;
  // Every delivery to the engine's routes is signed; the proxy turns away the rest.
  const { signWorldDeliveries } = await import('./lib/engine/signed-deliveries');
  const { deliveryKey } = await import('./lib/engine/delivery-signature');
  signWorldDeliveries(world, await deliveryKey());
  // The local world can hand deliveries to the engine's routes in process, without HTTP, once
  // the warm-up below has loaded them. Not under `next dev`: an edited route would be compiled
  // again while the queue kept calling the handler it was first given.
  const inProcess = process.env.NODE_ENV === 'production' && process.env.WORKFLOW_IN_PROCESS_DISPATCH !== '0';
  const enableInProcessDispatch = inProcess ? (await import('./lib/engine/in-process-dispatch')).prepareInProcessDispatch(world) : null;
  // A step's end is recorded only once its stream chunks are stored (a kill in between lost them).
  const { flushStreamsBeforeStepEnds } = await import('./lib/engine/stream-before-step-end');
  flushStreamsBeforeStepEnds(world);
  const { startWorld } = await import('./lib/cluster/start-world');
  await startWorld(world);
  const { startRunRetention } = await import('./lib/runs/retention');
  startRunRetention();
  // Finishes what a crash left half-done: unstarted turns, undelivered decisions, ended runs.
  const { startReconciler } = await import('./lib/engine/reconciler');
  startReconciler({ singleInstance: process.env.WORKFLOW_TARGET_WORLD !== '@workflow/world-postgres' });
  // The first turn after a start should not pay for loading the engine's routes.
  if (process.env.WARM_UP !== '0') (await import('./lib/engine/warm-up')).warmUpAfterStart(enableInProcessDispatch ?? undefined);
}
