// `npm run chaos`: the crash test, long form. Kills the server (SIGKILL) again and again while
// turns of every kind run, then checks the invariants (testing/chaos/). Needs `npm run build`
// and PostgreSQL on 127.0.0.1:5432.
//
//   npm run chaos                                   # both worlds, 15 kills each, once
//   npm run chaos -- --world local --repeat 10      # ten runs in a row on the local world
//   npm run chaos -- --kills 4 --gap 2000,4000      # shorter
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runChaos, type ChaosReport } from '../testing/chaos/run-chaos';

const { values } = parseArgs({
  options: {
    world: { type: 'string', default: 'both' },
    kills: { type: 'string', default: '15' },
    repeat: { type: 'string', default: '1' },
    gap: { type: 'string', default: '3000,8000' },
    concurrency: { type: 'string', default: '15' },
    settle: { type: 'string', default: '30000' },
    port: { type: 'string', default: '3150' },
  },
});

const worlds = values.world === 'both' ? (['local', 'postgres'] as const) : ([values.world] as ['local' | 'postgres']);
const [minGap, maxGap] = values.gap.split(',').map(Number) as [number, number];

async function main() {
  mkdirSync('test-results', { recursive: true });
  const reports: ChaosReport[] = [];
  for (const world of worlds) {
    for (let round = 1; round <= Number(values.repeat); round++) {
      console.log(`\n=== ${world} world, round ${round}/${values.repeat} ===`);
      const report = await runChaos({
        world,
        kills: Number(values.kills),
        gapMs: [minGap, maxGap],
        concurrency: Number(values.concurrency),
        settleMs: Number(values.settle),
        port: Number(values.port),
      });
      reports.push(report);
      console.log(summary(report));
      for (const violation of report.violations.slice(0, 20)) console.log(`  ✗ ${violation}`);
      if (report.serverLogFile) console.log(`  server log: ${report.serverLogFile}`);
    }
  }
  writeFileSync('test-results/chaos.json', JSON.stringify(reports, null, 2));
  console.log('\n| world | kills | turns | completed | failed | stuck | lost | notes | refunds | cancels | worst finish after last restart | slowest restart | violations |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of reports) {
    console.log(
      `| ${r.world} | ${r.kills} | ${r.turns} | ${r.completed} | ${r.failed} | ${r.stuck} | ${r.lost} | ${r.notes} | ${r.refunds} | ${r.cancels} | ${(r.worstFinishAfterLastRestartMs / 1000).toFixed(1)} s | ${(r.slowestRestartMs / 1000).toFixed(1)} s | ${r.violations.length} |`,
    );
  }
  process.exit(reports.every((r) => r.violations.length === 0) ? 0 : 1);
}

function summary(r: ChaosReport) {
  return `${r.world}: ${r.kills} kills, ${r.turns} turns, ${r.completed} completed, ${r.failed} failed, ${r.stuck} stuck, ${r.lost} lost; worst finish ${(r.worstFinishAfterLastRestartMs / 1000).toFixed(1)} s after the last restart; ${r.violations.length} violation(s); ${(r.durationMs / 1000).toFixed(0)} s`;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
