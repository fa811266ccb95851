import { defaultModelId } from '@/agents/models/registry';
import { getAuthSecret } from '@/lib/auth/secret';

/**
 * Fails fast, with a sentence a person can act on, when the configuration cannot work:
 * run by `npm run db:migrate` (so before every `npm start` / `npm run dev`) and at server start.
 */
export async function checkConfiguration(): Promise<void> {
  await getAuthSecret(); // AUTH_SECRET rules: set in production with a real database, 32+ characters
  defaultModelId(); // CHAT_MODEL must name a configured model
}
