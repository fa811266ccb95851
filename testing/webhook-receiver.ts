import http from 'node:http';
import {
  verifyWebhookSignature,
  WEBHOOK_EVENT_HEADER,
  WEBHOOK_ID_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
} from '../lib/notifications/signature';

export interface ReceivedWebhook {
  deliveryId: string;
  event: string;
  timestamp: string | null;
  signature: string | null;
  body: string;
  /** The signature checked out for this raw body under the receiver's secret. */
  verified: boolean;
  /** What the receiver answered. */
  status: number;
  /** A repeat of a delivery id this receiver had already processed (dropped, answered 200). */
  duplicate: boolean;
}

/** Ports the receivers may use (3470–3499 are left for the servers of the same tests). */
const FIRST_PORT = 3450;
const LAST_PORT = 3469;

/**
 * A webhook receiver as a careful integrator writes one: it verifies the signature, answers
 * what the test planned (e.g. 500 once, then 200), and processes each delivery id once,
 * counting repeats as duplicates. Listens on a free port of 3450–3469.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** Delivery ids processed, each once, in order. */
  readonly processed: string[] = [];
  /** Called as each delivery arrives (a bench times arrivals with it). */
  onReceived: ((webhook: ReceivedWebhook) => void) | null = null;
  private answers: number[] = [];
  private server: http.Server | null = null;
  port = 0;

  constructor(private readonly secret: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  /** The next answers, in order (then 200s): `answerNext(500)` fails one delivery attempt. */
  answerNext(...statuses: number[]): void {
    this.answers.push(...statuses);
  }

  /** Deliveries this receiver took, without repeats, with their parsed bodies. */
  bodies<T = Record<string, unknown>>(): T[] {
    return this.received.filter((r) => r.status < 300 && !r.duplicate).map((r) => JSON.parse(r.body) as T);
  }

  async start(): Promise<this> {
    const offset = process.pid % (LAST_PORT - FIRST_PORT + 1); // two test processes rarely try the same port first
    for (let i = 0; i <= LAST_PORT - FIRST_PORT; i++) {
      if (await this.listen(FIRST_PORT + ((offset + i) % (LAST_PORT - FIRST_PORT + 1)))) return this;
    }
    throw new Error(`no free port in ${FIRST_PORT}–${LAST_PORT}`);
  }

  private listen(port: number): Promise<boolean> {
    const server = http.createServer((req, res) => void this.handle(req, res));
    return new Promise((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => {
        this.server = server;
        this.port = port;
        resolve(true);
      });
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const parts: Buffer[] = [];
    for await (const part of req) parts.push(part as Buffer);
    const body = Buffer.concat(parts).toString('utf8');
    const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : null);
    const deliveryId = header(WEBHOOK_ID_HEADER) ?? '';
    const timestamp = header(WEBHOOK_TIMESTAMP_HEADER);
    const signature = header(WEBHOOK_SIGNATURE_HEADER);
    const verified = verifyWebhookSignature({ secret: this.secret, body, timestamp, signature });
    const planned = this.answers.shift();
    const status = !verified ? 401 : (planned ?? 200);
    const duplicate = status < 300 && this.processed.includes(deliveryId);
    if (status < 300 && !duplicate) this.processed.push(deliveryId);
    const webhook = { deliveryId, event: header(WEBHOOK_EVENT_HEADER) ?? '', timestamp, signature, body, verified, status, duplicate };
    this.received.push(webhook);
    this.onReceived?.(webhook);
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(status < 300 ? 'ok' : 'no');
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
