// `npx tsx bench/listener-leak.ts [turns] [concurrency] [port]`: sends quick turns to a
// production server of its own (the demo model at its default 30 ms a word) and counts the
// MaxListenersExceededWarnings it logs, with the first one's stack (--trace-warnings).
// Needs `npm run build` first.
import { AppServer, LIFTED_QUOTAS } from '../testing/app-server';
import { guestCookie, timeTurn } from './lib/turns';

const [turns = 200, concurrency = 10, port = 3404] = process.argv.slice(2).map(Number);
const server = new AppServer(port, { ...LIFTED_QUOTAS, DEMO_MODEL_DELAY_MS: '30', NODE_OPTIONS: '--trace-warnings' }, 'listener-leak-');
await server.start();
try {
  const cookie = await guestCookie(server.url);
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < turns) {
        next += 1;
        if (!(await timeTurn(server.url, cookie)).ok) failed += 1;
      }
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 2000)); // the last runs' final steps
  const warnings = server.log.split('MaxListenersExceededWarning').length - 1;
  console.log(`${turns} turns (${failed} failed), ${concurrency} at a time: ${warnings} MaxListenersExceededWarning`);
  const first = server.log.indexOf('MaxListenersExceededWarning');
  if (first >= 0) console.log(server.log.slice(first, first + 2500));
} finally {
  await server.stop();
}
