import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '../auth/actor.js';
import { Optional } from '../common/validation.js';
import type { User } from './user.entity.js';

export class CreateUserDto {
  @ApiProperty({ example: 'kim@hyundai-demo.kr' }) @IsEmail() @MaxLength(254) email: string;
  @ApiProperty({ minLength: 10 }) @IsString() @MinLength(10) @MaxLength(200) password: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;
  @ApiPropertyOptional({ format: 'uuid', description: 'required for customers' }) @Optional() @IsUUID() organizationId?: string;
  @ApiPropertyOptional({ enum: ['ko', 'en'], default: 'ko' }) @Optional() @IsIn(['ko', 'en']) locale?: 'ko' | 'en';
}

export class UserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) organizationId: string | null;
  @ApiProperty({ enum: ['ko', 'en'] }) locale: 'ko' | 'en';
  @ApiProperty() createdAt: string;

  static of(user: User): UserView {
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      organizationId: user.organizationId,
      locale: user.locale,
      createdAt: user.createdAt.toISOString(),
    };
  }
}
