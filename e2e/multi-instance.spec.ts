import { expect, test } from '@playwright/test';
import { Client } from 'pg';
import { createPostgresWorldDatabases } from '../testing/postgres-world-databases';
import { ChatPage } from './pages/chat-page';
import { AppServer } from '../testing/app-server';

// Two `next start` instances on one Postgres world, as behind a load balancer: one joins in the
// middle of a turn (a rolling deploy), serves the same chat, and finishes the turn when the
// instance that started it is killed.
test('a turn started on one instance finishes on another when the first is killed', async ({ browser }) => {
  test.setTimeout(240_000);
  const databases = await createPostgresWorldDatabases('e2e_cluster');
  const env = { ...databases.env, AUTH_SECRET: 'e2e-cluster-secret-long-enough-for-hs256', DEMO_MODEL_DELAY_MS: '250' };
  const first = new AppServer(3111, env);
  const second = new AppServer(3112, env);
  const world = new Client({ connectionString: databases.env.WORKFLOW_POSTGRES_URL });
  const context = await browser.newContext({ baseURL: first.url });
  try {
    await first.start();
    await world.connect();
    const chat = new ChatPage(await context.newPage());
    await chat.openNewChat();
    await chat.send('Show recent orders');
    await expect(chat.lastAnswer()).toContainText('I found 10 orders', { timeout: 30_000 });
    const chatId = await chat.chatId();

    // The second instance joins while the first is in the middle of the answer, and serves the
    // same chat: the page on it reconnects to the stream the first instance is writing.
    await second.start();
    const elsewhere = new ChatPage(await context.newPage());
    await elsewhere.page.goto(`${second.url}/chat/${chatId}`);
    await expect(elsewhere.lastAnswer()).toHaveAttribute('data-status', 'streaming');
    await expect(elsewhere.lastAnswer()).toContainText('I found 10 orders');

    // The answer's step is running on the first instance. Kill it.
    await expect.poll(() => jobsLockedByInstanceOnPort(world, first.port), { timeout: 15_000 }).toBeGreaterThan(0);
    await first.kill();

    // The second instance sees it gone, unlocks its jobs, runs the step again and finishes.
    await expect(elsewhere.lastAnswer()).toHaveAttribute('data-status', 'completed', { timeout: 90_000 });
    expect(second.log).toMatch(/instance \S+:3111:\S+ is gone; unlocked the jobs of its \d+ workers/);
    for (const page of [elsewhere, await reloaded(elsewhere)]) {
      const text = await page.lastAnswer().innerText();
      expect(text.match(/I found 10 orders/g)).toHaveLength(1);
      expect(text.match(/#\d{4}/g)).toHaveLength(10);
      await expect(page.toolCalls).toHaveCount(1);
    }
    // Nothing ran twice: each step of the turn ran once, except the answer's step, which ran
    // again once after its first attempt died with its instance. (Had the second instance
    // re-enqueued the run when it joined, the step would have had a third start.)
    const { rows } = await world.query<{ step_name: string; attempt: number }>(
      `select step_name, attempt from workflow.workflow_steps where status = 'completed' order by created_at`,
    );
    expect(rows.map((row) => `${row.step_name.split('//').pop()} ${row.attempt}`)).toEqual([
      'startTurn 1',
      'doStreamStep 1',
      'executeSearchOrders 1',
      'writeToolOutputToUI 1',
      'doStreamStep 2',
      'completeTurn 1',
    ]);
  } finally {
    await context.close();
    await world.end().catch(() => {});
    await Promise.all([first.kill(), second.kill()]);
    await databases.drop();
  }
});

async function reloaded(chat: ChatPage): Promise<ChatPage> {
  await chat.page.reload();
  await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'completed');
  return chat;
}

/** Graphile jobs locked by workers that the instance listening on `port` registered. */
async function jobsLockedByInstanceOnPort(world: Client, port: number): Promise<number> {
  const { rows } = await world.query<{ n: number }>(
    `select count(*)::int as n
     from graphile_worker._private_jobs job
     join app_cluster.instance_workers worker on worker.worker_id = job.locked_by
     where worker.instance_id like $1`,
    [`%:${port}:%`],
  );
  return rows[0]!.n;
}
