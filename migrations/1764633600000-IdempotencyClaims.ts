import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An Idempotency-Key is claimed before its request runs: a row without a response is "in progress". */
export class IdempotencyClaims1764633600000 implements MigrationInterface {
  name = 'IdempotencyClaims1764633600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys ALTER COLUMN response_status DROP NOT NULL, ALTER COLUMN response_body DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM idempotency_keys WHERE response_status IS NULL`);
    await q.query(`ALTER TABLE idempotency_keys ALTER COLUMN response_status SET NOT NULL, ALTER COLUMN response_body SET NOT NULL`);
  }
}
