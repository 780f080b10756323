// `npm run db:migrate | db:status | db:new -- <name>`: migrations on Prisma's WebAssembly schema engine, offline,
// on the embedded PGlite database or on PostgreSQL (DATABASE_URL).
import { databaseTarget, describeTarget } from "@/lib/db/target";
import { applyMigrations, createMigration, localMigrations, readAppliedRows, readMigrationsList } from "@/lib/db/migrate/migrations";
import { describeStatus, migrationStatus } from "@/lib/db/migrate/status";
import { explainConnectionError } from "@/lib/db/connection-errors";

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const target = databaseTarget();
  switch (command) {
    case "migrate": {
      const { applied, status } = await applyMigrations(target);
      console.log(
        applied.length ? `Applied ${applied.length} migration(s) to ${describeTarget(target)}: ${applied.join(", ")}` : `No pending migrations (${describeTarget(target)}).`,
      );
      return status.upToDate ? 0 : 1;
    }
    case "status": {
      const status = migrationStatus(localMigrations(await readMigrationsList()), await readAppliedRows(target));
      console.log(`${describeTarget(target)}\n${describeStatus(status)}`);
      return status.upToDate ? 0 : 1;
    }
    case "new": {
      const name = rest.find((a) => !a.startsWith("-"));
      if (!name) {
        console.error("Usage: npm run db:new -- <name>   (e.g. add_class_archive)");
        return 2;
      }
      const created = await createMigration(name, { now: new Date() });
      console.log(created ? `Created ${created.file}` : "The schema matches the migrations; nothing to create.");
      return 0;
    }
    default:
      console.error("Usage: db.ts migrate | status | new <name>");
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(explainConnectionError(error, databaseTarget()));
    process.exit(1);
  },
);
