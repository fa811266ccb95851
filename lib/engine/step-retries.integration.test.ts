import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { ensureUser } from '@/db/queries/users';
import { sendAndWait } from '@/testing/chat';
import { setUpTestDatabase } from '@/testing/db';
import { CRASH_ALLOWANCE } from './step-retries';

let database: DatabaseHandle;
const userId = randomUUID();
beforeAll(async () => {
  database = await setUpTestDatabase();
  await ensureUser(userId);
});
afterAll(() => database.close());

// The steps of the built workflow bundle, as registered where they run, carry both budgets.
it('gives every registered step of the app a crash allowance on top of its own retries', async () => {
  expect((await sendAndWait(userId, 'Where is order 1007?')).output.status).toBe('completed');
  const registry = (globalThis as unknown as Record<symbol, Map<string, { maxRetries?: number }>>)[Symbol.for('@workflow/core//registeredSteps')]!;
  const steps = [...registry.entries()];
  expect(steps.find(([id]) => id.endsWith('//doStreamStep'))?.[1].maxRetries).toBe(3 + CRASH_ALLOWANCE);
  expect(steps.find(([id]) => id.endsWith('//refundThroughProvider'))?.[1].maxRetries).toBe(5 + CRASH_ALLOWANCE);
});
