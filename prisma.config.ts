import { defineConfig } from "prisma/config";

// The app migrates with its own script on Prisma's WebAssembly schema engine (`npm run db:migrate`), so the
// CLI is used only to generate the client. `prisma migrate deploy` with the native engine reads the same folder.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/unused" },
});
