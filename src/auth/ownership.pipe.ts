import { Injectable, type PipeTransform } from '@nestjs/common';
import { NotFound, ValidationFailed } from '../common/errors.js';
import { UUID } from '../common/validation.js';
import { AccessRepository } from './access.repository.js';
import type { OwnedIdInput } from './access.decorators.js';


/**
 * Tenancy, by construction: a customer naming a thing of another organization
 * gets the same 404 as for an id that does not exist. Staff pass through; their
 * services answer 404 for ids that do not exist.
 */
@Injectable()
export class OwnershipPipe implements PipeTransform<OwnedIdInput, Promise<string>> {
  constructor(private readonly access: AccessRepository) {}

  async transform({ actor, resource, param, id }: OwnedIdInput): Promise<string> {
    if (!id || !UUID.test(id)) throw ValidationFailed.field(param, `${param} must be a UUID`);
    const normalized = id.toLowerCase();
    if (actor.role === 'customer') {
      const owner = await this.access.organizationOf(resource, normalized);
      if (owner !== actor.organizationId) throw new NotFound(resource.replace(/_/g, ' '));
    }
    return normalized;
  }
}
