// drizzle-kit config for the console cache; run from the repository root:
// npx drizzle-kit generate --config desktop/main/core/drizzle.config.ts
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './desktop/main/core/cache/schema.ts',
  out: './desktop/main/core/cache/migrations',
});
