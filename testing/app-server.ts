import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A production server of our own (the built app, started by `npm start`'s script) on its own
 * data folder: the browser tests kill it with SIGKILL and start it again, the benchmark
 * measures it.
 */
/**
 * Per-person limits lifted, for harnesses that measure the engine with a few people sending many
 * turns at once (the bench, the crash test); the quotas have their own tests.
 */
export const LIFTED_QUOTAS = {
  GUEST_MESSAGES_PER_HOUR: '1000000',
  MESSAGES_PER_HOUR: '1000000',
  GUEST_RUNNING_TURNS: '100000',
  RUNNING_TURNS_PER_USER: '100000',
} as const;

export class AppServer {
  readonly dataDir: string;
  protected child: ChildProcess | null = null;
  log = '';

  constructor(
    readonly port: number,
    private env: Record<string, string> = {},
    dataDirPrefix = 'chat-server-',
  ) {
    this.dataDir = mkdtempSync(path.join(tmpdir(), dataDirPrefix));
  }

  /** Changes the environment of the next start (a restart with a different configuration). */
  setEnv(env: Record<string, string>): void {
    this.env = { ...this.env, ...env };
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    if (!this.child?.pid) throw new Error('server not running');
    return this.child.pid;
  }

  private get environment() {
    // Tests sign in many guests from one address: lift the per-address guest sign-up limit.
    return { GUEST_SIGNUPS_PER_HOUR: '100000', ...process.env, ...this.env, PORT: String(this.port), DATA_DIR: this.dataDir, NEXT_TELEMETRY_DISABLED: '1' };
  }

  /** Migrates the database (as `npm start` does), starts the server and waits until it answers. */
  async start(): Promise<void> {
    execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/migrate.ts'], { env: this.environment, stdio: 'pipe' });
    const child = spawn('sh', ['scripts/next-start.sh', '-p', String(this.port)], { env: this.environment, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout!.on('data', (data) => (this.log += data));
    child.stderr!.on('data', (data) => (this.log += data));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`${this.url}/api/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`server on ${this.port} did not start:\n${this.log.slice(-3000)}`);
  }

  /** Kills the server the hard way: no shutdown hooks, work in flight is lost. */
  kill(): Promise<void> {
    return this.end('SIGKILL');
  }

  /** Asks the server to stop; kills it if it has not within five seconds. */
  stop(): Promise<void> {
    return this.end('SIGTERM');
  }

  private async end(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    this.child = null;
  }
}
