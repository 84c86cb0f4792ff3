import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { ROLES, type Actor, type Role } from './actor.js';

interface Claims {
  sub: string;
  role: Role;
  org: string | null;
}

export const JWT_SETTINGS = Symbol('JWT_SETTINGS');
export interface JwtSettings {
  secret: string;
  expiresInSeconds: number;
}

/**
 * HS256 bearer tokens. The secret is a KeyObject built once: with a plain
 * string, jsonwebtoken first tries to parse it as a public key on every verify.
 */
@Injectable()
export class TokenService {
  private readonly key: KeyObject;
  private readonly jwt = new JwtService();

  constructor(@Inject(JWT_SETTINGS) readonly settings: JwtSettings) {
    this.key = createSecretKey(Buffer.from(settings.secret, 'utf8'));
  }

  sign(actor: Actor): string {
    const claims: Claims = { sub: actor.userId, role: actor.role, org: actor.organizationId };
    return this.jwt.sign(claims, {
      secret: this.key as unknown as string,
      algorithm: 'HS256',
      expiresIn: this.settings.expiresInSeconds,
    });
  }

  verify(token: string): Actor | null {
    try {
      const claims = this.jwt.verify<Claims>(token, { secret: this.key as unknown as string, algorithms: ['HS256'] });
      if (typeof claims.sub !== 'string' || !ROLES.includes(claims.role)) return null;
      return { userId: claims.sub, role: claims.role, organizationId: claims.org ?? null };
    } catch {
      return null;
    }
  }
}
