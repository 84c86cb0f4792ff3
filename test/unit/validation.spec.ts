import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsInt, IsOptional, IsString, Min, MinLength, ValidateNested } from 'class-validator';
import { ValidationFailed, type FieldProblem } from '../../src/common/errors.js';
import { createValidationPipe, IsInstant, IsLocalDate, isInstant, isLocalDate } from '../../src/common/validation.js';

describe('isInstant', () => {
  it.each([
    '2026-03-02T09:00:00+09:00',
    '2026-03-02T00:00:00Z',
    '2026-03-02T00:00:00z', // the pattern is case-insensitive (RFC 3339 allows lower-case t and z)
    '2026-03-02t09:00:00+09:00',
    '2026-03-02T09:00:00.5+09:00',
    '2026-03-02T09:00:00.123Z',
    '2026-03-02T09:00:00.123456789Z', // up to nine fractional digits
    '2026-03-02T09:00:00+0900', // offset without the colon
    '2026-03-02T09:00:00-05:30',
    '2026-03-02T09:00:00-00:00',
    '2026-03-02T09:00+09:00', // seconds may be left out
    '2026-03-02T09:00Z',
    '2026-12-31T23:59:59+23:59',
    '2024-02-29T12:00:00Z', // leap day
  ])('accepts %s', (value) => {
    expect(isInstant(value)).toBe(true);
  });

  it.each([
    ['a local time without offset', '2026-03-02T09:00:00'],
    ['a local time with fraction and no offset', '2026-03-02T09:00:00.000'],
    ['a date only', '2026-03-02'],
    ['a space instead of T', '2026-03-02 09:00:00Z'],
    ['an hour-only offset', '2026-03-02T09:00:00+09'],
    ['ten fractional digits', '2026-03-02T09:00:00.1234567891Z'],
    ['a fraction without seconds', '2026-03-02T09:00.5Z'],
    ['month 13', '2026-13-02T09:00:00Z'],
    ['month 00', '2026-00-02T09:00:00Z'],
    ['day 00', '2026-03-00T09:00:00Z'],
    ['day 32', '2026-03-32T09:00:00Z'],
    ['hour 24', '2026-03-02T24:00:00Z'],
    ['minute 60', '2026-03-02T09:60:00Z'],
    ['second 60', '2026-03-02T09:00:60Z'],
    ['offset hour 24', '2026-03-02T09:00:00+24:00'],
    ['offset minute 60', '2026-03-02T09:00:00+09:60'],
    ['single-digit fields', '2026-3-2T9:00:00Z'],
    ['trailing text', '2026-03-02T09:00:00Zjunk'],
    ['an RFC 2822 date', 'Mon, 02 Mar 2026 09:00:00 GMT'],
    ['a number as text', '1772442000000'],
    ['an empty string', ''],
  ])('rejects %s: %j', (_label, value) => {
    expect(isInstant(value)).toBe(false);
  });

  it.each([
    ['a Date', new Date('2026-03-02T00:00:00Z')],
    ['a number', 1772442000000],
    ['null', null],
    ['undefined', undefined],
  ])('rejects a non-string (%s)', (_label, value) => {
    expect(isInstant(value)).toBe(false);
  });

  it.each(['2026-02-30T10:00:00Z', '2026-02-31T10:00:00+09:00', '2025-02-29T10:00:00Z', '2026-04-31T10:00:00Z'])(
    'rejects the impossible calendar day in %s',
    (value) => {
      expect(isInstant(value)).toBe(false);
    },
  );
});

describe('isLocalDate', () => {
  it.each(['2026-03-02', '2026-01-31', '2026-12-31', '2024-02-29', '2000-02-29', '2026-04-30'])('accepts %s', (value) => {
    expect(isLocalDate(value)).toBe(true);
  });

  it.each([
    ['29 February of a common year', '2026-02-29'],
    ['29 February of a century year that is not leap', '1900-02-29'],
    ['30 February', '2024-02-30'],
    ['31 April', '2026-04-31'],
    ['month 13', '2026-13-01'],
    ['month 00', '2026-00-10'],
    ['day 00', '2026-03-00'],
    ['day 32', '2026-01-32'],
    ['single-digit month', '2026-3-02'],
    ['a slash format', '2026/03/02'],
    ['a date-time', '2026-03-02T00:00:00Z'],
    ['a compact date', '20260302'],
    ['leading space', ' 2026-03-02'],
    ['an empty string', ''],
  ])('rejects %s: %j', (_label, value) => {
    expect(isLocalDate(value)).toBe(false);
  });

  it.each([
    ['a Date', new Date('2026-03-02T00:00:00Z')],
    ['a number', 20260302],
    ['null', null],
    ['undefined', undefined],
  ])('rejects a non-string (%s)', (_label, value) => {
    expect(isLocalDate(value)).toBe(false);
  });
});

class ContactDto {
  @IsString() @MinLength(1)
  name: string;

  @IsOptional() @IsString()
  phone?: string;
}

class VehicleDto {
  @IsString()
  plate: string;
}

class BookingDto {
  @IsInstant()
  startsAt: string;

  @IsLocalDate()
  day: string;

  @IsInt() @Min(1)
  vehicles: number;

  @ValidateNested() @Type(() => ContactDto)
  contact: ContactDto;

  @IsOptional() @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => VehicleDto)
  fleet?: VehicleDto[];
}

const VALID = {
  startsAt: '2026-03-02T09:00:00+09:00',
  day: '2026-03-02',
  vehicles: 2,
  contact: { name: 'Kim Minji' },
  fleet: [{ plate: '12가3456' }],
};

describe('createValidationPipe', () => {
  const pipe = createValidationPipe();
  const run = (value: unknown) => pipe.transform(value, { type: 'body', metatype: BookingDto });

  /** Runs the pipe, expecting it to refuse, and returns the error. */
  async function refusal(value: unknown): Promise<ValidationFailed> {
    const error: unknown = await run(value).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationFailed);
    return error as ValidationFailed;
  }
  const fieldsOf = (error: ValidationFailed) => (error.details as { fields: FieldProblem[] }).fields;

  it('passes a valid body through as an instance of the DTO (nested ones too)', async () => {
    const out = (await run(structuredClone(VALID))) as BookingDto;
    expect(out).toBeInstanceOf(BookingDto);
    expect(out.contact).toBeInstanceOf(ContactDto);
    expect(out.fleet?.[0]).toBeInstanceOf(VehicleDto);
    expect(out).toEqual(VALID);
  });

  it('does not convert types implicitly', async () => {
    const error = await refusal({ ...VALID, vehicles: '2' });
    expect(fieldsOf(error).map((f) => f.field)).toEqual(['vehicles']);
  });

  it('refuses an unknown top-level field, naming it', async () => {
    const error = await refusal({ ...VALID, colour: 'red' });
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(error)).toEqual([{ field: 'colour', problems: ['colour is not a known field'] }]);
    expect(error.message).toBe('colour is not a known field');
  });

  it('refuses an unknown nested field with its dotted path', async () => {
    const error = await refusal({ ...VALID, contact: { name: 'Kim', email: 'kim@example.com' } });
    expect(fieldsOf(error)).toEqual([{ field: 'contact.email', problems: ['contact.email is not a known field'] }]);
  });

  it('flattens nested errors with dotted paths, array indexes included', async () => {
    const error = await refusal({ ...VALID, contact: { name: '' }, fleet: [{ plate: 'ok' }, { plate: 7 }] });
    const fields = fieldsOf(error);
    expect(fields.map((f) => f.field).sort()).toEqual(['contact.name', 'fleet.1.plate']);
    expect(fields.find((f) => f.field === 'contact.name')?.problems).toEqual(['name must be longer than or equal to 1 characters']);
    expect(fields.find((f) => f.field === 'fleet.1.plate')?.problems).toEqual(['plate must be a string']);
  });

  it('lists every bad field, with the messages of IsInstant and IsLocalDate, and joins them in the message', async () => {
    const error = await refusal({ ...VALID, startsAt: '2026-03-02T09:00:00', day: '2026-02-29', vehicles: 0, extra: true });
    const fields = fieldsOf(error);
    expect(fields).toEqual(
      expect.arrayContaining([
        { field: 'startsAt', problems: ['startsAt must be an ISO 8601 instant with an offset, e.g. 2026-03-02T09:00:00+09:00'] },
        { field: 'day', problems: ['day must be a date YYYY-MM-DD'] },
        { field: 'vehicles', problems: ['vehicles must not be less than 1'] },
        { field: 'extra', problems: ['extra is not a known field'] },
      ]),
    );
    expect(fields).toHaveLength(4);
    for (const f of fields) expect(error.message).toContain(f.problems[0]);
    expect(error.message.split('; ')).toHaveLength(4);
  });

  it('reports a nested value that is not an object under its own name', async () => {
    const error = await refusal({ ...VALID, contact: 'Kim Minji' });
    const fields = fieldsOf(error);
    expect(fields.map((f) => f.field)).toEqual(['contact']);
    expect(fields[0].problems.length).toBeGreaterThan(0);
  });
});

describe('createValidationPipe: keys the whitelist alone would miss, and non-object bodies', () => {
  const pipe = createValidationPipe();
  const body = (extra: Record<string, unknown>) => ({ name: 'Kim', vehicles: [{ vin: 'KMH1' }], ...extra });

  it.each(['prototype', 'toString', 'valueOf', 'hasOwnProperty', 'constructor', '__defineGetter__'])('refuses a field named %s', async (key) => {
    const error = await pipe.transform(JSON.parse(JSON.stringify(body({ [key]: 1 }))), { type: 'body', metatype: BookingDto }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).details).toEqual({ fields: [{ field: key, problems: [`${key} is not a known field`] }] });
  });

  it.each([null, 5, 'text', [1, 2]])('refuses the body %p', async (value) => {
    await expect(pipe.transform(value, { type: 'body', metatype: BookingDto })).rejects.toBeInstanceOf(ValidationFailed);
  });
});

describe('isInstant: years the calendar arithmetic can take', () => {
  it.each(['0001-01-01T00:00:00Z', '1899-12-31T23:59:59Z', '9001-01-01T00:00:00Z', '9999-12-30T00:00:00Z'])('refuses %s', (value) => {
    expect(isInstant(value)).toBe(false);
  });
  it.each(['1900-01-01T00:00:00Z', '9000-12-31T23:59:59+09:00'])('accepts %s', (value) => {
    expect(isInstant(value)).toBe(true);
  });
});
