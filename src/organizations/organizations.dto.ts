import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsInt, IsString, Max, MaxLength, Min, MinLength, ValidateBy } from 'class-validator';
import { IsLocalDate, Optional } from '../common/validation.js';
import { isBusinessNumber } from './business-number.js';
import { MEMBERSHIPS, ORGANIZATION_KINDS, type Driver, type Membership, type Organization, type OrganizationKind } from './organization.entity.js';

export class CreateOrganizationDto {
  @ApiProperty({ example: '현대자동차 (demo)' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS }) @IsIn(ORGANIZATION_KINDS) kind: OrganizationKind;
  @ApiProperty({ example: '101-81-15676', description: 'Korean business registration number; the check digit is verified' })
  @ValidateBy({ name: 'isBusinessNumber', validator: { validate: isBusinessNumber, defaultMessage: () => 'businessNumber must be a valid Korean business registration number NNN-NN-NNNNN' } })
  businessNumber: string;
  @ApiProperty({ enum: MEMBERSHIPS }) @IsIn(MEMBERSHIPS) membership: Membership;
  @ApiPropertyOptional({ default: false }) @Optional() @IsBoolean() starCompany?: boolean;
  @ApiProperty({ example: 'billing@example.kr' }) @IsEmail() @MaxLength(254) billingEmail: string;
}

/** Every field optional, none nullable. */
export class UpdateOrganizationDto extends PartialType(CreateOrganizationDto, { skipNullProperties: false }) {}

export class OrganizationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS }) kind: OrganizationKind;
  @ApiProperty() businessNumber: string;
  @ApiProperty({ enum: MEMBERSHIPS }) membership: Membership;
  @ApiProperty() starCompany: boolean;
  @ApiProperty() billingEmail: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static of(o: Organization): OrganizationView {
    return {
      id: o.id,
      name: o.name,
      kind: o.kind,
      businessNumber: o.businessNumber,
      membership: o.membership,
      starCompany: o.starCompany,
      billingEmail: o.billingEmail,
      createdAt: o.createdAt.toISOString(),
      updatedAt: o.updatedAt.toISOString(),
    };
  }
}

export class CreateDriverDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(50) licenseNumber: string;
}

export class CertifyDriverDto {
  @ApiProperty({ minimum: 1, maximum: 4 }) @IsInt() @Min(1) @Max(4) level: number;
  @ApiProperty({ example: '2027-12-31', description: 'local date; valid up to and including it' }) @IsLocalDate() certifiedUntil: string;
}

export class DriverView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty() name: string;
  @ApiProperty() licenseNumber: string;
  @ApiProperty({ minimum: 0, maximum: 4 }) level: number;
  @ApiProperty({ nullable: true, type: String }) certifiedUntil: string | null;
  @ApiProperty() createdAt: string;

  static of(d: Driver): DriverView {
    return {
      id: d.id,
      organizationId: d.organizationId,
      name: d.name,
      licenseNumber: d.licenseNumber,
      level: d.level,
      certifiedUntil: d.certifiedUntil,
      createdAt: d.createdAt.toISOString(),
    };
  }
}
