// drizzle-kit configuration for the hub's migrations; run from the repository root.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './hub-server/db/schema.ts',
  out: './hub-server/db/migrations',
});
