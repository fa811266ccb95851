import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const CLOCK_TICKS = 100; // Linux USER_HZ

/** A production server (`next start`) under test, with its CPU time and memory readable. */
export class BenchServer {
  readonly dataDir = mkdtempSync(path.join(tmpdir(), 'chat-bench-'));
  private child: ChildProcess | null = null;
  private peakRssMb = 0;
  private sampler: ReturnType<typeof setInterval> | null = null;
  log = '';

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    if (!this.child?.pid) throw new Error('server not running');
    return this.child.pid;
  }

  private environment() {
    return { ...process.env, ...this.env, PORT: String(this.port), DATA_DIR: this.dataDir, NEXT_TELEMETRY_DISABLED: '1' };
  }

  async start(): Promise<void> {
    execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/migrate.ts'], { env: this.environment(), stdio: 'pipe' });
    this.child = spawn('sh', ['scripts/next-start.sh', '-p', String(this.port)], {
      env: this.environment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (d) => (this.log += d));
    this.child.stderr!.on('data', (d) => (this.log += d));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`${this.url}/api/health`)).ok) {
          this.sampler = setInterval(() => (this.peakRssMb = Math.max(this.peakRssMb, this.rssMb())), 100);
          return;
        }
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`server on ${this.port} did not start:\n${this.log.slice(-3000)}`);
  }

  async stop(): Promise<void> {
    if (this.sampler) clearInterval(this.sampler);
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    this.child = null;
  }

  /** CPU seconds the server process has used so far (user + system). */
  cpuSeconds(): number {
    const fields = readFileSync(`/proc/${this.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  }

  rssMb(): number {
    const line = readFileSync(`/proc/${this.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    return line ? Number(line[1]) / 1024 : 0;
  }

  /** The highest RSS seen since the last reset (sampled every 100 ms). */
  takePeakRssMb(): number {
    const peak = Math.max(this.peakRssMb, this.rssMb());
    this.peakRssMb = 0;
    return peak;
  }
}
