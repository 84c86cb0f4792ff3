import { HttpException, Param, ParseUUIDPipe, ValidationError, ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';
import { DomainError, ValidationFailed, type FieldProblem } from './errors.js';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A local clock time HH:MM (00:00–23:59). */
export const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
/** A local closing time: HH:MM or 24:00 (the end of the day). */
export const CLOSE_CLOCK = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
/** The largest amount of won a request may carry (keeps every sum exact in a double). */
export const MONEY_MAX = 1_000_000_000_000;

/** Instants and dates outside these years are refused: nothing here books, bills or reports that far out. */
const MIN_YEAR = 1900;
const MAX_YEAR = 9000;

/** ISO 8601 instant that carries an offset (`Z` or `±hh:mm`); api.md refuses local times without one. */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2}))$/i;

export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = INSTANT.exec(value);
  if (!m) return false;
  const [, year, , , h, mi, s, oh, om] = m.map((x) => (x === undefined ? 0 : Number(x)));
  if (h > 23 || mi > 59 || s > 59 || oh > 23 || om > 59) return false;
  // Calendar arithmetic (local days, months, recurrences) needs room on both sides of the instant.
  if (year < MIN_YEAR || year > MAX_YEAR) return false;
  // Date.parse rolls 2026-02-30 over to March: check the calendar day itself.
  return isLocalDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value));
}

export function IsInstant(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be an ISO 8601 instant with an offset, e.g. 2026-03-02T09:00:00+09:00`, ...options },
      validator: { validate: isInstant },
    });
}

/** A facility-local date `YYYY-MM-DD` that exists on the calendar. */
export function isLocalDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function IsLocalDate(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isLocalDate',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a date YYYY-MM-DD`, ...options },
      validator: { validate: isLocalDate },
    });
}

/**
 * A body field that may be left out but, when given, must be valid: unlike
 * class-validator's IsOptional, `null` is refused (it would reach NOT NULL columns).
 */
export const Optional = () => ValidateIf((_object, value) => value !== undefined);

/** Query strings arrive as text: turn "true"/"false" into booleans, leave anything else for the validator to refuse. */
export const QueryBoolean = () =>
  Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

/** Query strings arrive as text: turn integer text into a number, leave anything else for the validator to refuse. */
export const QueryInt = () =>
  Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value));

/** Comma-separated query values (`a,b,c`) as an array. */
export const QueryList = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.split(',').filter((v) => v.length > 0) : value));

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own: FieldProblem[] = e.constraints
      ? [{ field, problems: Object.entries(e.constraints).map(([k, m]) => (k === 'whitelistValidation' ? `${field} is not a known field` : m)) }]
      : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Keys that slip through class-validator's whitelist (it looks fields up in a plain
 * object, where `toString` and friends always exist; class-transformer drops `prototype`).
 */
const PROTOTYPE_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

function prototypeKeys(value: unknown, path = ''): FieldProblem[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => {
    const field = path ? `${path}.${key}` : key;
    return PROTOTYPE_KEYS.has(key) ? [{ field, problems: [`${field} is not a known field`] }] : prototypeKeys(v, field);
  });
}

/** A UTF-16 code unit of a surrogate pair standing alone (in `u` mode a pair is one code point, so only lone ones match). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Text that is not well-formed Unicode: JSON may escape a lone surrogate ("\ud800"), but no UTF-8 column can hold it
 * (pg would store U+FFFD instead of what was accepted) and validator.js's isEmail throws a URIError on it, which
 * answered 500 (found by fuzzing POST /organizations with billingEmail "\ud800"; test/e2e/unicode-validation.e2e-spec.ts).
 */
function malformedText(value: unknown, path = ''): FieldProblem[] {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? [{ field: path || 'body', problems: [`${path || 'body'} must be well-formed Unicode text`] }] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => {
    const field = path ? `${path}.${key}` : key;
    return [...(LONE_SURROGATE.test(key) ? [{ field, problems: [`${field} is not a known field`] }] : []), ...malformedText(v, field)];
  });
}

class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && metadata.metatype !== Object) {
      // No body at all is an empty object (actions whose fields are all optional); anything but an object is refused.
      if (value === undefined) value = {};
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw ValidationFailed.field('body', 'the body must be a JSON object');
      }
    }
    if (metadata.type === 'body' || metadata.type === 'query') {
      const fields = [...prototypeKeys(value), ...malformedText(value)];
      if (fields.length) throw new ValidationFailed(fields, fields.map((f) => f.problems[0]).join('; '));
    }
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof HttpException || error instanceof DomainError) throw error;
      // A validator or transformer that throws on a value (rather than refusing it) was handed something a client
      // sent: that is a 400, never a 500 (api.md: "5xx never for anything a client can send").
      throw new ValidationFailed([], 'A value in the request could not be validated');
    }
  }
}

/** Whitelisting, unknown fields refused, every problem listed in `details.fields`. */
export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new ValidationFailed(fields, fields.map((f) => f.problems.join('; ')).join('; ') || 'The request is not valid');
    },
  });
}

/** A path parameter that must be a UUID (400 naming the parameter otherwise). */
export const UuidParam = (name = 'id') =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => ValidationFailed.field(name, `${name} must be a UUID`) }));
