import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLocalWorld } from '@workflow/world-local';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareInProcessDispatch } from './in-process-dispatch';
import type { World } from './signed-deliveries';

// The local world's deliveries to the engine's own routes are handed to the route handlers in
// process. Here nothing listens at the world's base URL, so a delivery that went over HTTP
// would never arrive.

const HANDLER_WORLD = Symbol.for('@workflow/world//stubbedCache');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function localWorld(): World {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'in-process-dispatch-'));
  // A port nothing listens on: HTTP deliveries fail.
  const world = createLocalWorld({ dataDir, baseUrl: 'http://127.0.0.1:59999' }) as unknown as World;
  const handlerWorld = (globalThis as Record<symbol, unknown>)[HANDLER_WORLD];
  cleanups.push(async () => {
    (globalThis as Record<symbol, unknown>)[HANDLER_WORLD] = handlerWorld;
    await (world as World & { close?: () => Promise<void> }).close?.();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return world;
}

/** A queue handler like the engine's flow route builds, recording what it is given. */
function flowRoute(world: World) {
  const received: unknown[] = [];
  world.createQueueHandler('__wkf_workflow_', async (message) => {
    received.push(message);
    return undefined;
  });
  return received;
}

const waitFor = async (condition: () => boolean, ms = 3_000) => {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  return condition();
};

describe('in-process dispatch on the local world', () => {
  it('once enabled, hands a queued message to the route handler built from the world, without HTTP', async () => {
    const world = localWorld();
    const enable = prepareInProcessDispatch(world)!;
    const received = flowRoute(world);
    enable();
    await world.queue('__wkf_workflow_chatTurn' as never, { runId: 'wrun_test' } as never, { headers: { 'x-engine-signature': 'kept' } });
    expect(await waitFor(() => received.length === 1)).toBe(true);
    expect(received[0]).toMatchObject({ runId: 'wrun_test' });
  });

  it('does not dispatch in process before it is enabled (the route modules may not be loaded yet)', async () => {
    const world = localWorld();
    prepareInProcessDispatch(world);
    const received = flowRoute(world);
    await world.queue('__wkf_workflow_chatTurn' as never, { runId: 'wrun_test' } as never);
    expect(await waitFor(() => received.length > 0, 500)).toBe(false);
  });

  it('makes this world the one the runtime builds its route handlers from', () => {
    const world = localWorld();
    prepareInProcessDispatch(world);
    expect((globalThis as Record<symbol, unknown>)[HANDLER_WORLD]).toBe(world);
  });

  it('without it, the same delivery goes over HTTP and never reaches the handler', async () => {
    const world = localWorld();
    const received = flowRoute(world);
    await world.queue('__wkf_workflow_chatTurn' as never, { runId: 'wrun_test' } as never);
    expect(await waitFor(() => received.length > 0, 500)).toBe(false);
  });

  it('leaves a world without direct dispatch (the Postgres world) on HTTP', () => {
    const world = { createQueueHandler: () => async () => new Response() } as unknown as World;
    expect(prepareInProcessDispatch(world)).toBeNull();
  });
});
