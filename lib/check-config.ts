import { defaultModelId } from '@/agents/models/registry';
import { getAuthSecret } from '@/lib/auth/secret';
import { claimDatabaseForLocalWorld } from '@/lib/local-world-lock';
import { notificationConfig } from '@/lib/notifications/config';

/**
 * Fails fast, with a sentence a person can act on, when the configuration cannot work:
 * run by `npm run db:migrate` (so before every `npm start` / `npm run dev`) and at server start.
 * Only the server claims the database for its local world (a migration is not an instance).
 */
export async function checkConfiguration(options: { serverStart?: boolean } = {}): Promise<void> {
  await getAuthSecret(); // AUTH_SECRET rules: set in production with a real database, 32+ characters
  defaultModelId(); // CHAT_MODEL must name a configured model
  notificationConfig(); // webhook URLs need a signing secret; format and warning must parse
  if (options.serverStart) await claimDatabaseForLocalWorld(); // one instance per database on the local world
}

/** At server start (instrumentation.ts): a configuration that cannot work ends the process, saying why. */
export async function checkConfigurationAtServerStart(): Promise<void> {
  try {
    await checkConfiguration({ serverStart: true });
  } catch (error) {
    console.error(`[setup] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
