// What the workflow bundle costs each flow invocation: `npx tsx scripts/workflow-bundle.ts`
// (after `npm run build`). Workflow 4.8 keeps the compiled script but evaluates the whole
// bundle again in a fresh VM context every time it replays a run, so its size and what its
// modules do at load time are paid on every step of every turn.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import vm from 'node:vm';

const ROUTE = 'app/.well-known/workflow/v1/flow/route.js';
const route = readFileSync(ROUTE, 'utf8');
const start = route.indexOf('const workflowCode = `') + 'const workflowCode = `'.length;
const end = route.indexOf('`;\n', route.indexOf('//# sourceMappingURL', start));
// The bundle is a template literal: evaluate it to get the code exactly as the runtime does.
const workflowCode = vm.runInNewContext('`' + route.slice(start, end) + '`') as string;
const code = workflowCode.slice(0, workflowCode.indexOf('//# sourceMappingURL'));

/** Bytes of code per package, from the bundler's `// path` comments. */
function sizesByPackage(source: string): [string, number][] {
  const marker = /\n\/\/ ((?:node_modules\/)?[^\n]+\.(?:[cm]?js|ts|tsx))\n/g;
  const sizes = new Map<string, number>();
  let previous: { name: string; at: number } | null = null;
  for (const match of source.matchAll(marker)) {
    if (previous) sizes.set(previous.name, (sizes.get(previous.name) ?? 0) + match.index - previous.at);
    const path = match[1]!;
    const name = path.startsWith('node_modules/') ? path.replace(/^node_modules\/((?:@[^/]+\/)?[^/]+).*/, '$1') : '(app code)';
    previous = { name, at: match.index };
  }
  return [...sizes].sort((a, b) => b[1] - a[1]);
}

const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
console.log(`bundle: ${kb(code.length)} of code (${kb(workflowCode.length - code.length)} of source map)`);
for (const [name, bytes] of sizesByPackage(code).slice(0, 8)) console.log(`  ${name.padEnd(28)} ${kb(bytes)}`);

const compiledAt = performance.now();
const script = new vm.Script(workflowCode, { filename: ROUTE });
console.log(`compile once: ${(performance.now() - compiledAt).toFixed(1)} ms`);

/** One evaluation in a fresh context, with the globals the bundle reads at load time. */
function evaluate(): number {
  const context = vm.createContext({ console, TextEncoder, TextDecoder, URL, URLSearchParams, structuredClone, AbortController, Headers, Request, Response, ReadableStream, WritableStream, TransformStream, crypto });
  // Steps, hooks and sleeps are made by the runtime; at load time the bundle only names them.
  for (const name of ['WORKFLOW_USE_STEP', 'WORKFLOW_CREATE_HOOK', 'WORKFLOW_SLEEP', 'WORKFLOW_GET_STREAM_ID']) {
    context[Symbol.for(name) as unknown as string] = () => () => {};
  }
  const started = performance.now();
  script.runInContext(context);
  return performance.now() - started;
}

const rounds = Number(process.argv[2] ?? 50);
for (let i = 0; i < 5; i++) evaluate(); // warm up the JIT, as a long-running server has
const timings = Array.from({ length: rounds }, evaluate).sort((a, b) => a - b);
const heapBefore = process.memoryUsage().heapUsed;
evaluate();
console.log(
  `evaluate per invocation: p50 ${timings[Math.floor(rounds / 2)]!.toFixed(2)} ms, p95 ${timings[Math.floor(rounds * 0.95)]!.toFixed(2)} ms ` +
    `(${rounds} fresh contexts; about ${kb(Math.max(0, process.memoryUsage().heapUsed - heapBefore))} allocated each)`,
);
