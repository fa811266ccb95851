import { randomBytes, randomUUID } from 'node:crypto';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { nextCookies } from 'better-auth/next-js';
import { anonymous } from 'better-auth/plugins';
import { db } from '@/db/client';
import { adoptGuestData } from '@/db/queries/users';
import * as schema from '@/db/schema';
import { legacyGuestSessions } from './legacy-guests';
import { requestOrigin } from './origin';
import { getAuthSecret } from './secret';

/**
 * Accounts and sessions (better-auth): email and password, and one-click guests (its
 * anonymous plugin) who keep their chats when they sign up. Sessions live in Postgres
 * (`sessions`), passwords are hashed by better-auth (scrypt); nothing here is hand-rolled.
 *
 * Built on first use: the database opens lazily, and the secret may be generated into
 * DATA_DIR. One instance per process (on globalThis: Next bundles routes separately).
 */
async function createAuth() {
  const key = await getAuthSecret();
  const secret = new TextDecoder().decode(key);
  return betterAuth({
    secret,
    database: drizzleAdapter(await db(), { provider: 'pg', schema, usePlural: true, transaction: false }),
    emailAndPassword: { enabled: true, minPasswordLength: 8, autoSignIn: true },
    user: {
      fields: { name: 'displayName' },
      additionalFields: {
        role: { type: 'string', required: false, defaultValue: 'agent', input: false },
      },
    },
    session: {
      expiresIn: 60 * 60 * 24 * 30,
      updateAge: 60 * 60 * 24,
      // A signed copy of the session in a cookie spares a database read per request; a role
      // change or a sign-out elsewhere applies within this time.
      cookieCache: { enabled: true, maxAge: 30 },
    },
    advanced: {
      database: { generateId: () => randomUUID() },
    },
    trustedOrigins: (request) => (request ? [requestOrigin(request)] : []),
    rateLimit: {
      enabled: process.env.AUTH_RATE_LIMIT !== 'off',
      storage: 'database',
      modelName: 'rateLimit', // pluralized by the adapter: the `rateLimits` table
      window: 60,
      max: 100,
      customRules: {
        // Guest sign-ups per address (every guest is a row and a session).
        '/sign-in/anonymous': { window: 3600, max: Number(process.env.GUEST_SIGNUPS_PER_HOUR ?? 30) },
        '/sign-in/email': { window: 60, max: 10 },
        '/sign-up/email': { window: 3600, max: 20 },
      },
    },
    telemetry: { enabled: false },
    plugins: [
      anonymous({
        generateName: () => `Guest ${randomBytes(2).toString('hex').toUpperCase()}`,
        // A guest who signs up keeps what they did as a guest.
        onLinkAccount: async ({ anonymousUser, newUser }) => {
          await adoptGuestData(anonymousUser.user.id, newUser.user.id);
        },
      }),
      legacyGuestSessions(key),
      nextCookies(),
    ],
  });
}

export type Auth = Awaited<ReturnType<typeof createAuth>>;

const globalForAuth = globalThis as typeof globalThis & { __auth?: Promise<Auth> };

export function getAuth(): Promise<Auth> {
  globalForAuth.__auth ??= createAuth().catch((error: unknown) => {
    globalForAuth.__auth = undefined;
    throw error;
  });
  return globalForAuth.__auth;
}
