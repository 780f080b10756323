/**
 * The app's typed errors. Each carries an HTTP status and a message written for the person who caused it; the
 * action and route wrappers turn them into responses, and anything else becomes a generic 500.
 */
export class AppError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, fieldErrors?: Record<string, string[]>) {
    super(message, 422, fieldErrors);
  }
}
export class UnauthorizedError extends AppError {
  constructor(message = "Please sign in.") {
    super(message, 401);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = "You do not have access to this.") {
    super(message, 403);
  }
}
export class NotFoundError extends AppError {
  constructor(message = "Not found.") {
    super(message, 404);
  }
}
export class ConflictError extends AppError {
  constructor(message: string, fieldErrors?: Record<string, string[]>) {
    super(message, 409, fieldErrors);
  }
}
export class RateLimitError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, 429);
  }
}
