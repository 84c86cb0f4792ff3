import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { hashPassword } from '../auth/password.js';
import { Duplicate, NotFound, ValidationFailed } from '../common/errors.js';
import { pageByCreation, type ListQuery, type Page } from '../common/pagination.js';
import { Transactions } from '../database/transactions.js';
import { UNIQUE_VIOLATION, sqlState } from '../database/pg-errors.js';
import { User } from './user.entity.js';
import { UserView, type CreateUserDto } from './users.dto.js';

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor | null, dto: CreateUserDto): Promise<UserView> {
    if (dto.role === 'customer' && !dto.organizationId) {
      throw ValidationFailed.field('organizationId', 'organizationId is required for a customer');
    }
    const passwordHash = await hashPassword(dto.password);
    try {
      return await this.transactions.run(async (manager) => {
        if (dto.organizationId) {
          const [org] = (await manager.query('SELECT 1 FROM organizations WHERE id = $1', [dto.organizationId])) as unknown[];
          if (!org) throw new NotFound('organization');
        }
        const user = await manager.getRepository(User).save(
          manager.getRepository(User).create({
            email: dto.email.trim(),
            passwordHash,
            name: dto.name,
            role: dto.role,
            organizationId: dto.organizationId ?? null,
            locale: dto.locale ?? 'ko',
          }),
        );
        await this.audit.record(manager, { entityType: 'user', entityId: user.id, action: 'create', to: user.role, actorId: actor?.userId });
        return UserView.of(user);
      });
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) throw new Duplicate(`A user with e-mail ${dto.email} exists`, { field: 'email' });
      throw error;
    }
  }

  async get(id: string): Promise<UserView> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw new NotFound('user');
    return UserView.of(user);
  }

  list(query: ListQuery): Promise<Page<UserView>> {
    return pageByCreation(this.users.createQueryBuilder('u'), query, UserView.of);
  }

  /** For login: the user with the password hash, by case-insensitive e-mail. */
  findForLogin(email: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.password_hash', 'u_password_hash')
      .where('lower(u.email) = lower(:email)', { email })
      .getOne();
  }

  async exists(email: string): Promise<boolean> {
    return (await this.users.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getCount()) > 0;
  }
}
