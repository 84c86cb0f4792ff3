/**
 * Domain errors. Services throw these and never import HTTP; the one exception
 * filter (error.filter.ts) maps each code to its status and the envelope of api.md.
 */
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  METHOD_NOT_ALLOWED = 'METHOD_NOT_ALLOWED',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  RESERVATION_CONFLICT = 'RESERVATION_CONFLICT',
  INVALID_STATE = 'INVALID_STATE',
  DUPLICATE = 'DUPLICATE',
  IDEMPOTENCY_IN_PROGRESS = 'IDEMPOTENCY_IN_PROGRESS',
  OUTSIDE_OPENING_HOURS = 'OUTSIDE_OPENING_HOURS',
  SLOT_MISALIGNED = 'SLOT_MISALIGNED',
  DURATION_OUT_OF_RANGE = 'DURATION_OUT_OF_RANGE',
  NOTICE_TOO_SHORT = 'NOTICE_TOO_SHORT',
  BEYOND_HORIZON = 'BEYOND_HORIZON',
  IN_THE_PAST = 'IN_THE_PAST',
  VEHICLES_EXCEED_CAPACITY = 'VEHICLES_EXCEED_CAPACITY',
  DRIVER_NOT_CERTIFIED = 'DRIVER_NOT_CERTIFIED',
  SEGMENT_INACTIVE = 'SEGMENT_INACTIVE',
  NOT_ELIGIBLE = 'NOT_ELIGIBLE',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  TOO_MANY_OCCURRENCES = 'TOO_MANY_OCCURRENCES',
  QUOTA_EXCEEDED = 'QUOTA_EXCEEDED',
  RATE_LIMITED = 'RATE_LIMITED',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL = 'INTERNAL',
}

export const STATUS_OF: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RESERVATION_CONFLICT: 409,
  INVALID_STATE: 409,
  DUPLICATE: 409,
  IDEMPOTENCY_IN_PROGRESS: 409,
  OUTSIDE_OPENING_HOURS: 422,
  SLOT_MISALIGNED: 422,
  DURATION_OUT_OF_RANGE: 422,
  NOTICE_TOO_SHORT: 422,
  BEYOND_HORIZON: 422,
  IN_THE_PAST: 422,
  VEHICLES_EXCEED_CAPACITY: 422,
  DRIVER_NOT_CERTIFIED: 422,
  SEGMENT_INACTIVE: 422,
  NOT_ELIGIBLE: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  TOO_MANY_OCCURRENCES: 422,
  QUOTA_EXCEEDED: 422,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

export type ErrorDetails = Record<string, unknown>;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export interface FieldProblem {
  field: string;
  problems: string[];
}

export class ValidationFailed extends DomainError {
  constructor(fields: FieldProblem[], message = 'The request is not valid') {
    super(ErrorCode.VALIDATION_FAILED, message, { fields });
  }

  static field(field: string, problem: string): ValidationFailed {
    return new ValidationFailed([{ field, problems: [problem] }], `${field}: ${problem}`);
  }
}

export class Unauthenticated extends DomainError {
  constructor(message = 'Authentication required') {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}

export class Forbidden extends DomainError {
  constructor(message = 'Your role may not do this') {
    super(ErrorCode.FORBIDDEN, message);
  }
}

export class NotFound extends DomainError {
  constructor(what = 'Resource') {
    super(ErrorCode.NOT_FOUND, `${what} not found`);
  }
}

export class InvalidState extends DomainError {
  constructor(message: string, details?: ErrorDetails) {
    super(ErrorCode.INVALID_STATE, message, details);
  }
}

export class Duplicate extends DomainError {
  constructor(message: string, details?: ErrorDetails) {
    super(ErrorCode.DUPLICATE, message, details);
  }
}

export class RateLimited extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(ErrorCode.RATE_LIMITED, 'Too many failed attempts; try again later', { retryAfterSeconds }, {
      'retry-after': String(retryAfterSeconds),
    });
  }
}

export class ServiceUnavailable extends DomainError {
  constructor(message = 'The database is unavailable') {
    super(ErrorCode.SERVICE_UNAVAILABLE, message);
  }
}

/** A booking rule refused the request (422). */
export class RuleViolation extends DomainError {}

/** An answer stored under an Idempotency-Key, sent again as it was (status and envelope). */
export class ReplayedResponse extends DomainError {
  constructor(
    readonly status: number,
    readonly body: { statusCode: number; code: string; message: string; details?: ErrorDetails },
  ) {
    super(ErrorCode.INTERNAL, body.message);
  }
}
