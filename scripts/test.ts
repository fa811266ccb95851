// `npm test`: every test, from a fresh clone. Installs Chromium and starts PostgreSQL when
// they are missing, builds the app when the build is older than the sources, runs the
// vitest projects (unit, workflow on the local world, workflow on the Postgres world) and
// the browser tests, then prints one line: "N passed, N failed".
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RESULTS = 'test-results';
const args = new Set(process.argv.slice(2));
const skipE2e = args.has('--no-e2e');

function run(command: string, commandArgs: string[], env: Record<string, string> = {}): number {
  console.log(`\n$ ${command} ${commandArgs.join(' ')}`);
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  console.log(`Chromium is missing at ${CHROMIUM}: installing Debian's package.`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const apt = (...a: string[]) => execFileSync(sudo[0] ?? 'apt-get', sudo.length ? ['apt-get', ...a] : a, { stdio: 'inherit' });
  apt('update');
  apt('install', '-y', 'chromium');
}

async function postgresIsUp(): Promise<boolean> {
  const url = new URL(process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port || 5432), url.hostname);
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function ensurePostgres() {
  if (await postgresIsUp()) return;
  console.log('PostgreSQL is not answering: starting the local cluster.');
  const versions = execFileSync('ls', ['/etc/postgresql'], { encoding: 'utf8' }).trim().split('\n');
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', versions.at(-1)!, 'main', 'start'], { stdio: 'inherit' });
  for (let i = 0; i < 30 && !(await postgresIsUp()); i++) await new Promise((r) => setTimeout(r, 500));
  if (!(await postgresIsUp())) throw new Error('PostgreSQL did not start');
}

/** The browser tests run against `next build`'s output; rebuild when a tracked file is newer. */
function ensureFreshBuild(): number {
  const stamp = '.next/BUILD_ID';
  if (existsSync(stamp)) {
    const built = statSync(stamp).mtimeMs;
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
      .split('\n')
      .filter((f) => f && existsSync(f) && !f.startsWith('e2e/') && !/\.(test|spec)\.ts$/.test(f));
    if (files.every((f) => statSync(f).mtimeMs <= built)) {
      console.log('The build is up to date.');
      return 0;
    }
  }
  return run('npx', ['next', 'build']);
}

function counts(file: string, read: (json: Record<string, unknown>) => [number, number]): [number, number] {
  if (!existsSync(file)) return [0, 1]; // the runner died before reporting: count it as a failure
  return read(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
}

async function main() {
  mkdirSync(RESULTS, { recursive: true });
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  await ensurePostgres();
  let passed = 0;
  let failed = 0;

  const vitestJson = `${RESULTS}/vitest.json`;
  run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
  const [vp, vf] = counts(vitestJson, (j) => [Number(j.numPassedTests), Number(j.numFailedTests) + Number(j.numTodoTests ?? 0) * 0]);
  passed += vp;
  failed += vf;

  if (!skipE2e) {
    ensureChromium();
    if (ensureFreshBuild() !== 0) {
      failed += 1;
    } else {
      const e2eJson = `${RESULTS}/e2e.json`;
      run('npx', ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT: e2eJson });
      const [ep, ef] = counts(e2eJson, (j) => {
        const stats = j.stats as { expected: number; unexpected: number; flaky: number };
        return [stats.expected, stats.unexpected + stats.flaky];
      });
      passed += ep;
      failed += ef;
    }
  }

  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  console.log('\n0 passed, 1 failed');
  process.exit(1);
});
