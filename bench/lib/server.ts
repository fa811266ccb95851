import { readFileSync } from 'node:fs';
import { AppServer } from '../../testing/app-server';

const CLOCK_TICKS = 100; // Linux USER_HZ

/** A production server under measurement: its CPU time and memory are readable. */
export class BenchServer extends AppServer {
  private peakRssMb = 0;
  private sampler: ReturnType<typeof setInterval> | null = null;

  constructor(port: number, env: Record<string, string>) {
    super(port, env, 'chat-bench-');
  }

  override async start(): Promise<void> {
    await super.start();
    this.sampler = setInterval(() => (this.peakRssMb = Math.max(this.peakRssMb, this.rssMb())), 100);
  }

  override async stop(): Promise<void> {
    if (this.sampler) clearInterval(this.sampler);
    await super.stop();
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
