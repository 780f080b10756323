// Run before `next dev` / `next start`: applies migrations, loads the course from content/, and with --demo
// creates the demo accounts. Safe to run any number of times.
import { databaseTarget, describeTarget } from "@/lib/db/target";
import { explainConnectionError } from "@/lib/db/connection-errors";
import { applyMigrations } from "@/lib/db/migrate/migrations";
import { db } from "@/lib/db/client";
import { seedDemoAccounts } from "@/lib/db/seed";
import { seedDemoHistory } from "@/lib/db/seed-history";
import { describeSync, syncContentDir } from "@/lib/db/sync-content-dir";

async function main() {
  const demo = process.argv.includes("--demo");
  const target = databaseTarget();
  const { applied } = await applyMigrations(target);
  console.log(
    `[db] ${describeTarget(target)}: ${applied.length ? `applied ${applied.join(", ")}` : "migrations up to date"}`,
  );
  console.log(`[db] ${describeSync(await syncContentDir(undefined, new Date()))}`);
  if (demo) {
    const seeded = await seedDemoAccounts();
    console.log(`[db] demo accounts: ${seeded.createdUsers} created${seeded.createdClass ? ", demo class created" : ""}`);
    const history = await seedDemoHistory(new Date());
    console.log(`[db] demo review history: ${JSON.stringify(history)}`);
  }
  await db().$disconnect();
}

main().catch((error: unknown) => {
  console.error(`[db] ${explainConnectionError(error, databaseTarget())}`);
  process.exit(1);
});
