// How much slower the first turn after a start is than the ones after it.
//   npx tsx scripts/first-turn.ts [--world local|postgres] [--starts 3] [--after-ms 3000] [--no-warm-up]
import { parseArgs } from 'node:util';
import { guestCookie, timeTurn } from '../bench/lib/turns';
import { AppServer, LIFTED_QUOTAS } from '../testing/app-server';
import { createPostgresWorldDatabases } from '../testing/postgres-world-databases';

const { values } = parseArgs({ options: { world: { type: 'string', default: 'local' }, starts: { type: 'string', default: '3' }, port: { type: 'string', default: '3190' }, 'after-ms': { type: 'string', default: '0' }, 'no-warm-up': { type: 'boolean', default: false } } });

async function main() {
  // The local world runs on the embedded database, as the quick start does.
  const databases = values.world === 'postgres' ? await createPostgresWorldDatabases('firstturn') : { env: {}, drop: async () => {} };
  const firsts: number[] = [];
  const laters: number[] = [];
  for (let start = 0; start < Number(values.starts); start++) {
    const server = new AppServer(Number(values.port), { ...databases.env, ...LIFTED_QUOTAS, DEMO_MODEL_DELAY_MS: '0', WARM_UP: values['no-warm-up'] ? '0' : '1' });
    await server.start();
    try {
      // A person's first message comes a moment after the server is up, not in the same millisecond.
      await new Promise((resolve) => setTimeout(resolve, Number(values['after-ms'])));
      const cookie = await guestCookie(server.url);
      const times: number[] = [];
      for (let turn = 0; turn < 4; turn++) times.push((await timeTurn(server.url, cookie, { text: `Where is order 100${turn + 1}?` })).total);
      console.log(`start ${start + 1}: ${times.map((t) => `${Math.round(t)} ms`).join(', ')}`);
      firsts.push(times[0]!);
      laters.push(...times.slice(1));
    } finally {
      await server.stop();
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(`first turn median ${Math.round(median(firsts))} ms; later turns median ${Math.round(median(laters))} ms`);
  await databases.drop();
}

void main().then(() => process.exit(0), (error: unknown) => { console.error(error); process.exit(1); });
