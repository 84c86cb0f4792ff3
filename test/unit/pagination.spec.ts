import fc from 'fast-check';
import { ValidationFailed, type FieldProblem } from '../../src/common/errors.js';
import { decodeCursor, encodeCursor, toPage, type CursorKey } from '../../src/common/pagination.js';

/** Calls decodeCursor expecting a refusal and returns the error. */
function refusal(cursor: string, arity: number): ValidationFailed {
  let caught: unknown;
  try {
    decodeCursor(cursor, arity);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ValidationFailed);
  return caught as ValidationFailed;
}

const b64 = (text: string) => Buffer.from(text).toString('base64url');

describe('cursors', () => {
  // strings with any code unit (lone surrogates included) and integers, small and up to ±2^53 − 1
  const keyPart = fc.oneof(fc.string({ unit: 'binary' }), fc.string(), fc.integer(), fc.maxSafeInteger());
  const key = fc.array(keyPart, { minLength: 1, maxLength: 4 });

  it('decodeCursor(encodeCursor(key), key.length) gives the key back', () => {
    fc.assert(
      fc.property(key, (k) => {
        expect(decodeCursor(encodeCursor(k), k.length)).toEqual(k);
      }),
      { seed: 1234, numRuns: 300 },
    );
  });

  it('encodes to URL-safe base64 without padding', () => {
    fc.assert(
      fc.property(key, (k) => {
        expect(encodeCursor(k)).toMatch(/^[A-Za-z0-9_-]+$/);
      }),
      { seed: 99, numRuns: 200 },
    );
  });

  it('refuses a genuine cursor decoded with another arity', () => {
    fc.assert(
      fc.property(key, fc.integer({ min: 0, max: 6 }), (k, arity) => {
        fc.pre(arity !== k.length);
        expect(() => decodeCursor(encodeCursor(k), arity)).toThrow(ValidationFailed);
      }),
      { seed: 5, numRuns: 200 },
    );
  });

  it('round-trips the (created_at, id) key that lists use', () => {
    const k: CursorKey = ['2026-03-02T00:00:00.000Z', '0b6f1c9e-3a52-4c1e-9d3f-2f1a7b5e8c40'];
    expect(decodeCursor(encodeCursor(k), 2)).toEqual(k);
  });

  it('returns undefined for an absent cursor', () => {
    expect(decodeCursor(undefined, 2)).toBeUndefined();
  });

  it.each([
    ['garbage text', 'not a cursor!!'],
    ['an empty string', ''],
    ['non-base64 characters', '%%%%%%'],
    ['base64 of text that is not JSON', b64('hello world')],
    ['base64 of a JSON object', b64('{"a":1}')],
    ['base64 of a JSON string', b64('"abc"')],
    ['base64 of JSON null', b64('null')],
    ['base64 of an empty array', b64('[]')],
    ['too few elements', b64('["2026-03-02T00:00:00.000Z"]')],
    ['too many elements', b64('["a","b","c"]')],
    ['a null element', b64('["a",null]')],
    ['a boolean element', b64('["a",true]')],
    ['an object element', b64('["a",{"id":1}]')],
    ['a nested array element', b64('["a",["b"]]')],
    ['truncated JSON', b64('["a","b"')],
  ])('refuses %s with ValidationFailed on the field cursor', (_label, cursor) => {
    const error = refusal(cursor, 2);
    expect(error.code).toBe('VALIDATION_FAILED');
    const fields = (error.details as { fields: FieldProblem[] }).fields;
    expect(fields).toEqual([{ field: 'cursor', problems: [expect.any(String)] }]);
  });
});

describe('toPage', () => {
  interface Row {
    id: number;
    name: string;
  }
  const rows = (n: number): Row[] => Array.from({ length: n }, (_, i) => ({ id: i + 1, name: `row ${i + 1}` }));
  const keyOf = (r: Row): CursorKey => [r.name, r.id];
  const map = (r: Row) => r.id;

  it('with limit + 1 rows keeps limit items and points the cursor at the last kept row', () => {
    const page = toPage(rows(4), 3, keyOf, map);
    expect(page.items).toEqual([1, 2, 3]);
    expect(page.nextCursor).not.toBeNull();
    expect(decodeCursor(page.nextCursor!, 2)).toEqual(['row 3', 3]);
  });

  it('with exactly limit rows has no next page', () => {
    expect(toPage(rows(3), 3, keyOf, map)).toEqual({ items: [1, 2, 3], nextCursor: null });
  });

  it('with fewer rows than the limit has no next page', () => {
    expect(toPage(rows(2), 3, keyOf, map)).toEqual({ items: [1, 2], nextCursor: null });
  });

  it('with no rows gives an empty page', () => {
    expect(toPage([], 50, keyOf, map)).toEqual({ items: [], nextCursor: null });
  });

  it('holds for any limit and row count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 21 }), (limit, extraOrFewer) => {
        const n = Math.min(extraOrFewer, limit + 1); // what a `take(limit + 1)` query can return
        const page = toPage(rows(n), limit, keyOf, map);
        expect(page.items).toEqual(rows(Math.min(n, limit)).map(map));
        if (n > limit) expect(decodeCursor(page.nextCursor!, 2)).toEqual([`row ${limit}`, limit]);
        else expect(page.nextCursor).toBeNull();
      }),
      { seed: 77, numRuns: 200 },
    );
  });
});
