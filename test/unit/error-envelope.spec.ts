import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  InternalServerErrorException,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { toEnvelope } from '../../src/common/error.filter.js';
import {
  DomainError,
  Duplicate,
  ErrorCode,
  Forbidden,
  InvalidState,
  NotFound,
  RateLimited,
  RuleViolation,
  ServiceUnavailable,
  STATUS_OF,
  Unauthenticated,
  ValidationFailed,
} from '../../src/common/errors.js';

const UNAVAILABLE = { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'The database is unavailable; try again shortly' };
const INTERNAL = { statusCode: 500, code: 'INTERNAL', message: 'Internal error' };

describe('toEnvelope', () => {
  describe('domain errors', () => {
    it('RateLimited → 429 with a retry-after header and the wait in details', () => {
      expect(toEnvelope(new RateLimited(30))).toEqual({
        envelope: {
          statusCode: 429,
          code: 'RATE_LIMITED',
          message: 'Too many failed attempts; try again later',
          details: { retryAfterSeconds: 30 },
        },
        headers: { 'retry-after': '30' },
      });
    });

    it('ValidationFailed → 400 with details.fields', () => {
      const { envelope, headers } = toEnvelope(ValidationFailed.field('email', 'email must be an email'));
      expect(envelope).toEqual({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'email: email must be an email',
        details: { fields: [{ field: 'email', problems: ['email must be an email'] }] },
      });
      expect(headers).toBeUndefined();
    });

    it.each([
      ['Unauthenticated', 401, 'UNAUTHENTICATED', new Unauthenticated()],
      ['Forbidden', 403, 'FORBIDDEN', new Forbidden()],
      ['NotFound', 404, 'NOT_FOUND', new NotFound('Reservation')],
      ['InvalidState', 409, 'INVALID_STATE', new InvalidState('Already cancelled')],
      ['Duplicate', 409, 'DUPLICATE', new Duplicate('E-mail taken', { field: 'email' })],
      ['ServiceUnavailable', 503, 'SERVICE_UNAVAILABLE', new ServiceUnavailable()],
      ['RuleViolation', 422, 'SLOT_MISALIGNED', new RuleViolation(ErrorCode.SLOT_MISALIGNED, 'Start on a 30-minute slot', { slotMinutes: 30 })],
    ] as [string, number, string, DomainError][])('%s → %i %s with its own message and details', (_name, status, code, error) => {
      const { envelope } = toEnvelope(error);
      expect(envelope.statusCode).toBe(status);
      expect(envelope.code).toBe(code);
      expect(envelope.message).toBe(error.message);
      if (error.details) expect(envelope.details).toEqual(error.details);
      else expect(envelope).not.toHaveProperty('details');
    });

    it('maps every error code to the status of STATUS_OF', () => {
      for (const code of Object.values(ErrorCode)) {
        const { envelope } = toEnvelope(new DomainError(code, 'm'));
        expect([code, envelope.statusCode, envelope.code]).toEqual([code, STATUS_OF[code], code]);
      }
    });
  });

  describe('Nest HTTP exceptions', () => {
    it('NotFoundException → 404 NOT_FOUND', () => {
      const { envelope, headers } = toEnvelope(new NotFoundException());
      expect(envelope).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Not Found' });
      expect(headers).toBeUndefined();
    });

    it.each([
      ['UnauthorizedException', 401, 'UNAUTHENTICATED', new UnauthorizedException()],
      ['ForbiddenException', 403, 'FORBIDDEN', new ForbiddenException()],
      ['HttpException 405', 405, 'METHOD_NOT_ALLOWED', new HttpException('Method Not Allowed', 405)],
      ['HttpException 415', 415, 'UNSUPPORTED_MEDIA_TYPE', new HttpException('Unsupported Media Type', 415)],
      ['HttpException 429', 429, 'RATE_LIMITED', new HttpException('Too Many Requests', 429)],
      ['HttpException 503', 503, 'SERVICE_UNAVAILABLE', new HttpException('Service Unavailable', 503)],
    ] as [string, number, string, HttpException][])('%s → %i %s', (_label, status, code, error) => {
      const { envelope } = toEnvelope(error);
      expect(envelope).toEqual({ statusCode: status, code, message: error.message });
    });

    it('BadRequestException → 400 VALIDATION_FAILED with the message as a body problem', () => {
      const { envelope } = toEnvelope(new BadRequestException('Body is not valid JSON'));
      expect(envelope).toEqual({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'Body is not valid JSON',
        details: { fields: [{ field: 'body', problems: ['Body is not valid JSON'] }] },
      });
    });

    it('another 4xx without its own code falls back to VALIDATION_FAILED, keeping its status', () => {
      expect(toEnvelope(new HttpException("I'm a teapot", 418)).envelope).toMatchObject({ statusCode: 418, code: 'VALIDATION_FAILED' });
    });

    it('a 5xx without its own code is INTERNAL', () => {
      expect(toEnvelope(new InternalServerErrorException()).envelope).toMatchObject({ statusCode: 500, code: 'INTERNAL' });
      expect(toEnvelope(new HttpException('Bad Gateway', 502)).envelope).toMatchObject({ statusCode: 502, code: 'INTERNAL' });
    });
  });

  describe("Fastify's errors (objects carrying a statusCode)", () => {
    it('{ statusCode: 413, message } → 413 PAYLOAD_TOO_LARGE', () => {
      const { envelope } = toEnvelope({ statusCode: 413, message: 'Request body is too large' });
      expect(envelope).toEqual({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' });
    });

    it('an Error with statusCode 415 and a code of its own → 415 UNSUPPORTED_MEDIA_TYPE', () => {
      const error = Object.assign(new Error("Unsupported Media Type: text/xml"), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' });
      expect(toEnvelope(error).envelope).toEqual({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported Media Type: text/xml' });
    });

    it('an Error with statusCode 400 (malformed JSON) → 400 VALIDATION_FAILED on the body', () => {
      const error = Object.assign(new SyntaxError('Unexpected end of JSON input'), { statusCode: 400 });
      expect(toEnvelope(error).envelope).toEqual({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'Unexpected end of JSON input',
        details: { fields: [{ field: 'body', problems: ['Unexpected end of JSON input'] }] },
      });
    });

    it('a statusCode of 500 is not trusted: the message does not leak', () => {
      expect(toEnvelope(Object.assign(new Error('secret detail'), { statusCode: 500 })).envelope).toEqual(INTERNAL);
    });
  });

  describe('database unavailable → 503 SERVICE_UNAVAILABLE', () => {
    it.each([
      ['a socket error ECONNREFUSED', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
      ['a bare { code: "ECONNRESET" }', { code: 'ECONNRESET' }],
      ['a TypeORM error whose driverError is 57P01 admin_shutdown', Object.assign(new Error('terminating connection due to administrator command'), { driverError: { code: '57P01' } })],
      ['a bare { driverError: { code: "57P01" } }', { driverError: { code: '57P01' } }],
      ['SQLSTATE class 08 (connection exception)', { code: '08006' }],
      ['53300 too_many_connections', { code: '53300' }],
      ['a pg "Connection terminated" message', new Error('Connection terminated unexpectedly')],
    ])('%s', (_label, error) => {
      const result = toEnvelope(error);
      expect(result.envelope).toEqual(UNAVAILABLE);
      expect(result.headers).toBeUndefined();
    });
  });

  describe('anything else → 500 INTERNAL without leaking the original message', () => {
    it.each([
      ['an arbitrary Error', new Error('column "password_hash" of relation "users" does not exist')],
      ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'id')")],
      ['a unique violation that escaped its handler', Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' })],
      ['a string', 'boom'],
      ['null', null],
      ['undefined', undefined],
      ['a plain object', { message: 'secret' }],
    ])('%s', (_label, error) => {
      const { envelope, headers } = toEnvelope(error);
      expect(envelope).toEqual(INTERNAL);
      expect(headers).toBeUndefined();
    });
  });
});
