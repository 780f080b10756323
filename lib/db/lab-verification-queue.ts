import "server-only";

import PgBoss from "pg-boss";

import { databaseTarget } from "./target";

// Where a recorded lab run waits for the server to reproduce it (lib/db/lab-runs.ts, `verifyLabRun`). On
// PostgreSQL, PostgreSQL's own job queue (pg-boss): jobs outlive a restart and any app process may work them. On
// the embedded PGlite database (one process by design), a queue in the process, one run at a time.

export const VERIFY_QUEUE = "lab-run-verify";

/** Verifies one run; the queue calls it for every job. */
export type VerifyRun = (runId: string) => Promise<void>;

/** Ends a run whose verification kept failing (a fault on the server's side), so the page stops waiting. */
export type GiveUp = (runId: string, error: unknown) => Promise<void>;

/** Tries per run before the queue gives up (pg-boss: the first try and its retries). */
export const VERIFY_ATTEMPTS = 3;

const logOnly: GiveUp = async (runId, error) => {
  console.error(`[lab-run-verify] gave up on ${runId}`, error);
};

export interface VerificationQueue {
  /**
   * Queues the run. Resolves once the job is queued; `done` (in-process queues only) resolves when the run has
   * been verified, so a request can wait for a quick one.
   */
  enqueue(runId: string): Promise<{ done: Promise<void> | null }>;
  /** True when this queue holds the run now (in-process), or cannot tell (pg-boss: its jobs persist). */
  holds(runId: string): boolean;
  stop(): Promise<void>;
}

/** One run at a time, in this process; a run whose verification throws is tried VERIFY_ATTEMPTS times. */
export function inProcessQueue(verify: VerifyRun, giveUp: GiveUp = logOnly): VerificationQueue {
  let tail: Promise<void> = Promise.resolve();
  const pending = new Map<string, Promise<void>>();
  const attempt = async (runId: string) => {
    for (let tries = 1; ; tries++) {
      try {
        return await verify(runId);
      } catch (error) {
        console.error(`[lab-run-verify] ${runId} (try ${tries} of ${VERIFY_ATTEMPTS})`, error);
        if (tries >= VERIFY_ATTEMPTS) return giveUp(runId, error);
      }
    }
  };
  return {
    enqueue(runId) {
      const existing = pending.get(runId);
      if (existing) return Promise.resolve({ done: existing });
      const done = tail.then(() => attempt(runId)).catch((error: unknown) => {
        console.error(`[lab-run-verify] ${runId}`, error);
      });
      const tracked = done.finally(() => pending.delete(runId));
      pending.set(runId, tracked);
      tail = tracked;
      return Promise.resolve({ done: tracked });
    },
    holds: (runId) => pending.has(runId),
    stop: () => tail,
  };
}

/** PostgreSQL's job queue: jobs survive restarts; a failed verification is retried a few times. */
export async function pgBossQueue(url: string, verify: VerifyRun, giveUp: GiveUp = logOnly): Promise<VerificationQueue> {
  const boss = new PgBoss({ connectionString: url, max: 2 });
  boss.on("error", (error) => console.error("[lab-run-verify] pg-boss", error));
  await boss.start();
  await boss.createQueue(VERIFY_QUEUE, { name: VERIFY_QUEUE, retryLimit: VERIFY_ATTEMPTS - 1, retryDelay: 5, expireInSeconds: 600 });
  // One verification at a time per process: each trains a network on the CPU.
  const work = { batchSize: 1, pollingIntervalSeconds: 0.5, includeMetadata: true } as const;
  await boss.work<{ runId: string }>(VERIFY_QUEUE, work, async ([job]) => {
    if (!job) return;
    try {
      await verify(job.data.runId);
    } catch (error) {
      // pg-boss retries a job that throws; after its last try, end the run instead.
      if (job.retryCount < job.retryLimit) throw error;
      await giveUp(job.data.runId, error);
    }
  });
  return {
    async enqueue(runId) {
      // The run id is the job key: a resend or a second enqueue of the same run queues it once.
      await boss.send(VERIFY_QUEUE, { runId }, { singletonKey: runId });
      return { done: null };
    },
    holds: () => true,
    stop: () => boss.stop({ graceful: true, wait: true }),
  };
}

const globalForQueue = globalThis as unknown as { __labVerifyQueue?: Promise<VerificationQueue> };

/** The process-wide queue for the app's database, started on first use. */
export function verificationQueue(verify: VerifyRun, giveUp: GiveUp): Promise<VerificationQueue> {
  globalForQueue.__labVerifyQueue ??= (async () => {
    const target = databaseTarget();
    return target.kind === "postgres" ? pgBossQueue(target.url, verify, giveUp) : inProcessQueue(verify, giveUp);
  })();
  return globalForQueue.__labVerifyQueue;
}

/** For tests: use this queue as the process-wide one (undefined: start the default again on next use). */
export function setVerificationQueue(queue: VerificationQueue | undefined): void {
  globalForQueue.__labVerifyQueue = queue ? Promise.resolve(queue) : undefined;
}
