// Public API of lib/srs. The optimizer (native code, server only) is not re-exported: server code imports
// "@/lib/srs/optimizer" directly so client bundles never pull it in.
export * from "./day";
export * from "./errors";
export {
  RATINGS,
  isRating,
  newMemoryState,
  type CardStateName,
  type MemoryState,
  type Rating,
  type SchedulerSettings,
} from "./memory-state";
export * from "./queue";
export * from "./ratings";
export * from "./retrievability";
export {
  formatInterval,
  liveGrades,
  previewIntervals,
  replay,
  schedule,
  type IntervalPreview,
  type ReplayableLog,
  type ReviewLogEntry,
  type ScheduleResult,
} from "./scheduler";
export * from "./settings";
