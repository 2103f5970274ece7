/** The small set of error codes Steward speaks and their one HTTP mapping (DESIGN §8.1). */
export const errorStatus = {
  INVALID_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INVALID_INPUT: 422,
  INVALID_STATE: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** Field errors keyed by dotted path, e.g. { "email": ["must be a valid email"] }. */
export type FieldErrors = Record<string, string[]>;

export type ErrorBody = {
  error: { code: ErrorCode; message: string; details?: { fields?: FieldErrors } & Record<string, unknown>; requestId?: string };
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: { fields?: FieldErrors } & Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);
export const forbidden = (message = "You do not have permission to do that") => new AppError("FORBIDDEN", message);
export const conflict = (message: string, field?: string) =>
  new AppError("CONFLICT", message, field ? { fields: { [field]: [message] } } : undefined);
export const invalidInput = (fields: FieldErrors, message = "Some fields are invalid") =>
  new AppError("INVALID_INPUT", message, { fields });
