import { defineConfig } from "drizzle-kit";

// Generation only: migrations are applied by db/migrate.ts (never `drizzle-kit push`).
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./drizzle",
  casing: "snake_case",
});
