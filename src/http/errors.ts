/** Typed errors that the one error handler maps to SPEC §7's shape. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export type FieldProblem = { field: string; message: string };

export const validationFailed = (details: FieldProblem[], message = 'the request is not valid') =>
  new AppError(400, 'VALIDATION_FAILED', message, details);
export const fieldProblem = (field: string, message: string) => validationFailed([{ field, message }], `${field} ${message}`);
export const unauthenticated = (message = 'sign in first') => new AppError(401, 'UNAUTHENTICATED', message);
export const forbidden = (message = 'you may not do this') => new AppError(403, 'FORBIDDEN', message);
export const notFound = (what = 'resource') => new AppError(404, 'NOT_FOUND', `${what} not found`);
export const versionConflict = (current: number) =>
  new AppError(409, 'VERSION_CONFLICT', 'the case has changed since you loaded it', { currentVersion: current });
export const invalidTransition = (message: string) => new AppError(409, 'INVALID_TRANSITION', message);
export const duplicate = (message: string) => new AppError(409, 'DUPLICATE', message);
export const rateLimited = () => new AppError(429, 'RATE_LIMITED', 'too many attempts; try again later');
