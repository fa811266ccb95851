import http from 'node:http';

export interface RecordedDelivery {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Sits between the app's workflow world and the app (point `WORKFLOW_LOCAL_BASE_URL` at it):
 * forwards every delivery and keeps a copy, so a test can replay real messages as a forger
 * would, with whatever headers it likes.
 */
export class DeliveryRecorder {
  readonly deliveries: RecordedDelivery[] = [];
  private server: http.Server | null = null;

  constructor(
    readonly port: number,
    private readonly target: () => string,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = http.createServer(async (req, res) => {
      const body = await new Promise<Buffer>((resolve) => {
        const parts: Buffer[] = [];
        req.on('data', (part: Buffer) => parts.push(part));
        req.on('end', () => resolve(Buffer.concat(parts)));
      });
      const headers = Object.fromEntries(
        Object.entries(req.headers).flatMap(([name, value]) => (typeof value === 'string' && name !== 'host' ? [[name, value]] : [])),
      );
      this.deliveries.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers, body });
      try {
        const answer = await fetch(`${this.target()}${req.url}`, {
          method: req.method,
          headers,
          body: req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(body),
        });
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
        res.end(Buffer.from(await answer.arrayBuffer()));
      } catch (error) {
        res.writeHead(502);
        res.end(String(error));
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
