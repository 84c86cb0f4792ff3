import { Injectable } from '@nestjs/common';
import { RateLimited, Unauthenticated } from '../common/errors.js';
import { UserView } from '../users/users.dto.js';
import { UsersService } from '../users/users.service.js';
import type { LoginResult } from './auth.dto.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';
import { DUMMY_HASH, verifyPassword } from './password.js';
import { TokenService } from './token.service.js';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottleRepository,
  ) {}

  /** Same 401 whether the e-mail exists or not; failures per (address, e-mail) are rate-limited. */
  async login(email: string, password: string, clientAddress: string): Promise<LoginResult> {
    const key = `${clientAddress}|${email.trim().toLowerCase()}`;
    const wait = await this.throttle.retryAfter(key);
    if (wait > 0) throw new RateLimited(wait);
    const user = await this.users.findForLogin(email.trim());
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) {
      await this.throttle.recordFailure(key);
      throw new Unauthenticated('E-mail or password is wrong');
    }
    const accessToken = this.tokens.sign({ userId: user.id, role: user.role, organizationId: user.organizationId });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.tokens.settings.expiresInSeconds, user: UserView.of(user) };
  }
}
