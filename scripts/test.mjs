// Entry point of `npm test`. On a fresh clone node_modules is missing, so install it first
// (plain Node, no dependencies), then hand over to scripts/test.ts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('node_modules/.package-lock.json')) {
  console.log('Installing dependencies (npm ci)…');
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (install.status !== 0) {
    console.log('\n0 passed, 1 failed');
    process.exit(1);
  }
}
const result = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/test.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
