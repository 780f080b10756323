// `npx tsx lib/cli/content.ts check | stats | sync [--dir <content dir>]`: validate the course, count it,
// or sync it into the database. The content directory defaults to <repo>/content.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { checkCourse } from "../content/check";
import { courseStats } from "../content/stats";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const USAGE = "Usage: content.ts check | stats | sync [--dir <content dir>]";

/** Runs one command and returns the exit code: 0 fine, 1 content problems, 2 bad usage. */
export async function runContentCli(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === "string") {
    io.err(parsed);
    io.err(USAGE);
    return 2;
  }
  const { command, dir } = parsed;
  switch (command) {
    case "check": {
      const { course, problems } = checkCourse(dir, { root: REPO_ROOT });
      for (const problem of problems) io.out(`${problem.file}:${problem.line}: ${problem.message}`);
      if (problems.length === 0) {
        const stats = courseStats(course);
        io.out(
          `No problems: ${stats.concepts} concepts, ${stats.cards} cards, ${stats.questions} questions, ${course.labs.length} labs.`,
        );
        return 0;
      }
      const files = new Set(problems.map((problem) => problem.file)).size;
      io.out(`${plural(problems.length, "problem")} in ${plural(files, "file")}.`);
      return 1;
    }
    case "stats": {
      const { course } = checkCourse(dir, { root: REPO_ROOT });
      const { concepts, cards, questions, labLinks } = courseStats(course);
      io.out(JSON.stringify({ concepts, cards, questions, labLinks }));
      return 0;
    }
    case "sync": {
      // Loaded here so `check` and `stats` never open a database.
      const { syncContentDir, describeSync } = await import("../db/sync-content-dir");
      const { ContentInvalidError } = await import("../db/content-sync");
      const { db } = await import("../db/client");
      try {
        io.out(describeSync(await syncContentDir(dir, new Date())));
        return 0;
      } catch (error) {
        if (error instanceof ContentInvalidError) {
          io.err(error.message);
          return 1;
        }
        throw error;
      } finally {
        await db().$disconnect();
      }
    }
    default:
      io.err(`Unknown command "${command}".`);
      io.err(USAGE);
      return 2;
  }
}

function parseArgs(args: readonly string[]): { command: string; dir: string } | string {
  let command: string | undefined;
  let dir = path.join(REPO_ROOT, "content");
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--dir") {
      const value = args[i + 1];
      if (value === undefined) return "--dir needs a directory.";
      dir = path.resolve(value);
      i++;
    } else if (arg.startsWith("--dir=")) {
      dir = path.resolve(arg.slice("--dir=".length));
    } else if (arg.startsWith("-")) {
      return `Unknown option "${arg}".`;
    } else if (command === undefined) {
      command = arg;
    } else {
      return `Unexpected argument "${arg}".`;
    }
  }
  return command === undefined ? "No command given." : { command, dir };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  runContentCli(process.argv.slice(2), { out: (line) => console.log(line), err: (line) => console.error(line) }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
