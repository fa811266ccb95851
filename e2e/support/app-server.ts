import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A production server of our own (the built app, `next start`) that a test can kill with
 * SIGKILL and start again on the same data folder.
 */
export class AppServer {
  readonly dataDir = mkdtempSync(path.join(tmpdir(), 'chat-restart-'));
  private process: ChildProcess | null = null;
  log = '';

  constructor(
    readonly port: number,
    private readonly env: Record<string, string> = {},
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  private get environment() {
    return { ...process.env, ...this.env, PORT: String(this.port), DATA_DIR: this.dataDir, NEXT_TELEMETRY_DISABLED: '1' };
  }

  /** Migrates the database (as `npm start` does), starts the server and waits until it answers. */
  async start(): Promise<void> {
    execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/migrate.ts'], { env: this.environment });
    this.process = spawn('sh', ['scripts/next-start.sh', '-p', String(this.port)], {
      env: this.environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.process.stdout!.on('data', (data) => (this.log += data));
    this.process.stderr!.on('data', (data) => (this.log += data));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`${this.url}/api/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`server on ${this.port} did not start:\n${this.log}`);
  }

  /** Kills the server the hard way: no shutdown hooks, work in flight is lost. */
  async kill(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.process = null;
  }
}
