/**
 * Starts the workflow world with the server. Without it, a run that was inside a step
 * when the server died stays "running" forever; with it, the world re-enqueues active
 * runs on start (local world) and starts its queue worker (Postgres world).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { checkConfiguration } = await import('./lib/check-config');
  await checkConfiguration();
  const { getWorld } = await import('workflow/runtime');
  await getWorld().start?.();
}
