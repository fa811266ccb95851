import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` turns changes in db/schema.ts into a new SQL migration.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
});
