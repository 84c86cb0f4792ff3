import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * The owning organization of each kind of thing a customer can name by id.
 * One statement per kind, all here: adding a kind of owned thing means adding its line.
 */
const OWNER_OF = {
  organization: `SELECT id AS organization_id FROM organizations WHERE id = $1`,
  driver: `SELECT organization_id FROM drivers WHERE id = $1`,
  reservation: `SELECT organization_id FROM reservations WHERE id = $1`,
  reservation_series: `SELECT organization_id FROM reservation_series WHERE id = $1`,
  invoice: `SELECT organization_id FROM invoices WHERE id = $1`,
  support_request: `SELECT organization_id FROM support_requests WHERE id = $1`,
  webhook: `SELECT organization_id FROM webhooks WHERE id = $1`,
} as const;

export type OwnedResource = keyof typeof OWNER_OF;

@Injectable()
export class AccessRepository {
  constructor(private readonly dataSource: DataSource) {}

  async organizationOf(resource: OwnedResource, id: string): Promise<string | null> {
    const rows = (await this.dataSource.query(OWNER_OF[resource], [id])) as { organization_id: string | null }[];
    return rows[0]?.organization_id ?? null;
  }
}
