/**
 * Errors raised by the scheduling code. Callers branch on the class (`instanceof`), never on the message;
 * the message is written for the developer reading a log.
 */
export class SrsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A review (or preview) is dated before the card's last review: logs would no longer replay in order. */
export class ReviewOrderError extends SrsError {
  constructor(
    readonly reviewedAt: Date,
    readonly lastReview: Date,
  ) {
    super(
      `Review at ${reviewedAt.toISOString()} is earlier than the card's last review at ${lastReview.toISOString()}; ` +
        "reviews must be applied in time order.",
    );
  }
}

/** Scheduler settings that FSRS cannot use (retention out of range, wrong weight count, bad step string...). */
export class InvalidSettingsError extends SrsError {}

/** A value that is not a time zone name known to the runtime's IANA database. */
export class InvalidTimeZoneError extends SrsError {
  constructor(readonly timeZone: string) {
    super(`"${timeZone}" is not a valid IANA time zone (for example "America/New_York" or "UTC").`);
  }
}

/** Too little review history to fit FSRS parameters that are better than the defaults. */
export class NotEnoughReviewsError extends SrsError {
  constructor(
    readonly reviewCount: number,
    readonly required: number,
  ) {
    super(`Fitting FSRS parameters needs at least ${required} reviews; this history has ${reviewCount}.`);
  }
}
