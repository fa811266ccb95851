import { expect, test } from '@playwright/test';
import { runChaos } from '../testing/chaos/run-chaos';

// The crash test, short: turns of every kind (lookups, notes, refunds with and without
// approval, cancellations) while the server is killed and started again four times, then
// every invariant (testing/chaos/invariants.ts). `npm run chaos` runs the long one.
for (const world of ['local', 'postgres'] as const) {
  test(`turns survive repeated kills with nothing lost, doubled or stuck (${world} world)`, async () => {
    test.setTimeout(300_000);
    const report = await runChaos({ world, kills: 4, gapMs: [2000, 5000], concurrency: 8, settleMs: 30_000, port: world === 'local' ? 3151 : 3152 });
    console.log(
      `[chaos] ${world}: ${report.kills} kills, ${report.turns} turns, ${report.completed} completed, worst finish ${(report.worstFinishAfterLastRestartMs / 1000).toFixed(1)} s after the last restart`,
    );
    expect(report.violations).toEqual([]);
    expect(report.turns).toBeGreaterThanOrEqual(8);
    expect(report.completed).toBe(report.turns);
  });
}
