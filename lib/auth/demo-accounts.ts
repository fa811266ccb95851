import type { Role } from '@/db/schema';
import type { Env } from '@/lib/config';

/**
 * Three people to try the app with, one per role, so a newcomer can watch a request go from
 * an agent to an approver in two browser windows. Seeded on the embedded database (the quick
 * start), and anywhere SEED_DEMO_ACCOUNTS=1; never on a real database unless asked.
 */
export const DEMO_PASSWORD = 'support-demo';

export const DEMO_ACCOUNTS: { name: string; email: string; role: Role }[] = [
  { name: 'Ada Agent', email: 'agent@demo.store', role: 'agent' },
  { name: 'Sam Supervisor', email: 'approver@demo.store', role: 'approver' },
  { name: 'Alex Admin', email: 'admin@demo.store', role: 'admin' },
];

export function demoAccountsEnabled(env: Env = process.env): boolean {
  const setting = env.SEED_DEMO_ACCOUNTS?.trim();
  if (setting === '1' || setting === 'true') return true;
  if (setting === '0' || setting === 'false') return false;
  return !env.DATABASE_URL?.trim();
}
