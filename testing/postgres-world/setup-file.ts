import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createWorld } from '@workflow/world-postgres';
import { afterAll, inject } from 'vitest';

// Runs the test file's workflows on the Postgres world. Its queue delivers jobs over HTTP to
// /.well-known/workflow/v1/{flow,step}, so a small server hands them to the built bundles.

type Handler = (request: Request) => Promise<Response>;
const bundleDir = inject('workflowBundleDir');
const handlers = new Map<string, Promise<Handler>>();
const handlerFor = (bundle: string) => {
  if (!handlers.has(bundle)) {
    handlers.set(
      bundle,
      import(pathToFileURL(path.join(bundleDir, bundle)).href).then((mod: { POST: Handler }) => mod.POST),
    );
  }
  return handlers.get(bundle)!;
};

const server = http.createServer(async (req, res) => {
  try {
    const body = await new Promise<Buffer>((resolve, reject) => {
      const parts: Buffer[] = [];
      req.on('data', (part: Buffer) => parts.push(part));
      req.on('end', () => resolve(Buffer.concat(parts)));
      req.on('error', reject);
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
    }
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers,
      body: hasBody ? new Uint8Array(body) : undefined,
    });
    const handler = await handlerFor(req.url?.includes('/v1/flow') ? 'workflows.mjs' : 'steps.mjs');
    const response = await handler(request);
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(error));
  }
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
process.env.WORKFLOW_LOCAL_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

// The runtime builds a world from the environment as soon as it is imported: point it at
// the test database first.
process.env.WORKFLOW_POSTGRES_URL = inject('workflowPostgresUrl');
const { setWorld } = await import('workflow/runtime');
const world = createWorld({
  connectionString: process.env.WORKFLOW_POSTGRES_URL,
  // Each test file gets its own job queue, so files never run each other's jobs.
  jobPrefix: `t${process.env.VITEST_POOL_ID ?? 0}_${randomBytes(3).toString('hex')}_`,
  queueConcurrency: 10,
});
await world.start?.();
setWorld(world);

afterAll(async () => {
  setWorld(undefined);
  await world.close?.();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
