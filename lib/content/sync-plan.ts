/**
 * What a content sync must do to the database, as a pure function of the content and the rows already
 * there. Rows are matched by stable key; `contentHash` says whether the synced fields changed.
 */

export const SYNC_TABLES = ["concepts", "cards", "questions", "labs"] as const;
export type SyncTable = (typeof SYNC_TABLES)[number];

/** An item from the content tree (every `Course` item fits). */
export interface SyncItem {
  key: string;
  contentHash: string;
}

/** A row already in the database. */
export interface ExistingRow {
  key: string;
  contentHash: string;
  retiredAt: Date | null;
}

export type SyncItems = Readonly<Record<SyncTable, readonly SyncItem[]>>;
export type ExistingRows = Readonly<Record<SyncTable, readonly ExistingRow[]>>;

/** The keys of one table, each list sorted. Every key of content and database is in exactly one list. */
export interface TablePlan {
  /** In the content, not in the database: insert. */
  create: string[];
  /**
   * In both, and the hash differs or the row is retired: write the fields and the new hash, and set
   * `retiredAt` to null (an item that comes back is live again, with its history).
   */
  update: string[];
  /** In the database and live, absent from the content: set `retiredAt`; keep the row and its logs. */
  retire: string[];
  /** Nothing to do: in both with the same hash and live, or retired and still absent. */
  unchanged: string[];
}

export type SyncPlan = Record<SyncTable, TablePlan>;

/** Thrown when the content or the rows repeat a key; `checkCourse` reports duplicate content keys first. */
export class DuplicateSyncKeyError extends Error {
  constructor(
    readonly table: SyncTable,
    readonly key: string,
    readonly side: "content" | "database",
  ) {
    super(`Duplicate ${side} key "${key}" in ${table}; a sync needs unique keys.`);
    this.name = "DuplicateSyncKeyError";
  }
}

/** Plans a sync table by table. Pure: the caller applies the plan inside one transaction. */
export function planSync(items: SyncItems, existing: ExistingRows): SyncPlan {
  return {
    concepts: planTable("concepts", items.concepts, existing.concepts),
    cards: planTable("cards", items.cards, existing.cards),
    questions: planTable("questions", items.questions, existing.questions),
    labs: planTable("labs", items.labs, existing.labs),
  };
}

function planTable(table: SyncTable, items: readonly SyncItem[], rows: readonly ExistingRow[]): TablePlan {
  const content = indexByKey(table, items, "content");
  const database = indexByKey(table, rows, "database");
  const plan: TablePlan = { create: [], update: [], retire: [], unchanged: [] };
  for (const [key, item] of content) {
    const row = database.get(key);
    if (row === undefined) plan.create.push(key);
    else if (row.contentHash !== item.contentHash || row.retiredAt !== null) plan.update.push(key);
    else plan.unchanged.push(key);
  }
  for (const [key, row] of database) {
    if (content.has(key)) continue;
    if (row.retiredAt === null) plan.retire.push(key);
    else plan.unchanged.push(key);
  }
  for (const list of Object.values(plan)) list.sort(compare);
  return plan;
}

function indexByKey<T extends { key: string }>(table: SyncTable, list: readonly T[], side: "content" | "database") {
  const map = new Map<string, T>();
  for (const entry of list) {
    if (map.has(entry.key)) throw new DuplicateSyncKeyError(table, entry.key, side);
    map.set(entry.key, entry);
  }
  return map;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
