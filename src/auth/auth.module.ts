import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { UsersModule } from '../users/users.module.js';
import { AccessRepository } from './access.repository.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';
import { OwnershipPipe } from './ownership.pipe.js';
import { JWT_SETTINGS, TokenService, type JwtSettings } from './token.service.js';

/** Login, tokens, the global guard and tenancy checks. Global so every controller can use `@OwnedId()`. */
@Global()
@Module({})
export class AuthModule {
  static forRoot(jwt: JwtSettings): DynamicModule {
    return {
      module: AuthModule,
      imports: [UsersModule],
      controllers: [AuthController],
      providers: [
        { provide: JWT_SETTINGS, useValue: jwt },
        TokenService,
        AuthService,
        LoginThrottleRepository,
        AccessRepository,
        OwnershipPipe,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [AccessRepository, OwnershipPipe, TokenService],
    };
  }
}
