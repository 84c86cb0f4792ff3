import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { isUnavailable, sqlState } from '../database/pg-errors.js';
import { DomainError, ErrorCode, ReplayedResponse, STATUS_OF, type ErrorDetails } from './errors.js';

export interface ErrorEnvelope {
  statusCode: number;
  code: string;
  message: string;
  details?: ErrorDetails;
}

const CODE_OF_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.VALIDATION_FAILED,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  405: ErrorCode.METHOD_NOT_ALLOWED,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: ErrorCode.RATE_LIMITED,
  503: ErrorCode.SERVICE_UNAVAILABLE,
};

/** The one place where errors become HTTP answers, always in the envelope of api.md. */
export function toEnvelope(error: unknown): { envelope: ErrorEnvelope; headers?: Record<string, string> } {
  if (error instanceof ReplayedResponse) return { envelope: error.body };
  if (error instanceof DomainError) {
    const envelope: ErrorEnvelope = { statusCode: STATUS_OF[error.code], code: error.code, message: error.message };
    if (error.details) envelope.details = error.details;
    return { envelope, headers: error.headers };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = CODE_OF_STATUS[status] ?? (status < 500 ? ErrorCode.VALIDATION_FAILED : ErrorCode.INTERNAL);
    const envelope: ErrorEnvelope = { statusCode: status, code, message: error.message };
    if (code === ErrorCode.VALIDATION_FAILED) envelope.details = { fields: [{ field: 'body', problems: [error.message] }] };
    return { envelope };
  }
  // Fastify's own errors (malformed JSON, wrong content type, body too large) carry a statusCode.
  const fastifyStatus = (error as { statusCode?: number } | undefined)?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    return toEnvelope(new HttpException((error as Error).message, fastifyStatus));
  }
  if (sqlState(error)?.startsWith('22')) {
    // SQLSTATE class 22, data exception: a value from the request that PostgreSQL cannot take.
    // A validator should have refused it first; this keeps it a 4xx if one did not.
    return { envelope: { statusCode: 400, code: ErrorCode.VALIDATION_FAILED, message: 'A value in the request is out of range or malformed', details: { fields: [] } } };
  }
  if (isUnavailable(error)) {
    return { envelope: { statusCode: 503, code: ErrorCode.SERVICE_UNAVAILABLE, message: 'The database is unavailable; try again shortly' } };
  }
  return { envelope: { statusCode: 500, code: ErrorCode.INTERNAL, message: 'Internal error' } };
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { envelope, headers } = toEnvelope(error);
    if (envelope.statusCode >= 500 || sqlState(error)?.startsWith('22')) {
      this.logger.error({ err: error, sqlState: sqlState(error) }, (error as Error)?.stack ?? String(error));
    }
    if (headers) void reply.headers(headers);
    void reply.status(envelope.statusCode).header('content-type', 'application/json; charset=utf-8').send(envelope);
  }
}
