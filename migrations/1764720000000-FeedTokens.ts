import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An organization's calendar feed token, kept only as its SHA-256. */
export class FeedTokens1764720000000 implements MigrationInterface {
  name = 'FeedTokens1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organizations ADD COLUMN feed_token_hash text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organizations DROP COLUMN feed_token_hash`);
  }
}
