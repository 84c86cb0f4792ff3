import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { ListQuery } from '../common/pagination.js';
import { IsLocalDate, MONEY_MAX, Optional } from '../common/validation.js';
import { ORGANIZATION_KINDS, type OrganizationKind } from '../organizations/organization.entity.js';
import { CATEGORIES, REQUEST_STATUSES, UNITS, type Category, type RequestStatus, type Unit } from './catalog.entities.js';

const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

export class EligibilityDto {
  @ApiPropertyOptional({ enum: ORGANIZATION_KINDS, isArray: true }) @Optional() @IsArray() @ArrayUnique() @IsIn(ORGANIZATION_KINDS, { each: true }) kinds?: OrganizationKind[];
  @ApiPropertyOptional({ default: false }) @Optional() @IsBoolean() membersOnly?: boolean;
  @ApiPropertyOptional({ default: false }) @Optional() @IsBoolean() starCompanyOnly?: boolean;
}

export class CreateItemDto {
  @ApiProperty({ example: 'TEST-DRIVER' }) @Matches(CODE, { message: 'code must be 1–40 letters, digits, - or _' }) code: string;
  @ApiProperty({ example: '전문 테스트 드라이버 (test driver)' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ enum: CATEGORIES }) @IsIn(CATEGORIES) category: Category;
  @ApiProperty({ enum: UNITS }) @IsIn(UNITS) unit: Unit;
  @ApiProperty() @IsInt() @Min(0) @Max(MONEY_MAX) memberPrice: number;
  @ApiProperty() @IsInt() @Min(0) @Max(MONEY_MAX) nonMemberPrice: number;
  @ApiPropertyOptional({ default: true }) @Optional() @IsBoolean() taxable?: boolean;
  @ApiProperty({ example: '(재)지능형자동차부품진흥원' }) @IsString() @MinLength(1) @MaxLength(200) provider: string;
  @ApiPropertyOptional({ default: false, description: 'ordered with a reservation and billed with it' }) @Optional() @IsBoolean() addOn?: boolean;
  @ApiPropertyOptional({ type: EligibilityDto }) @Optional() @IsObject() @ValidateNested() @Type(() => EligibilityDto) eligibility?: EligibilityDto;
  @ApiPropertyOptional({ default: true }) @Optional() @IsBoolean() active?: boolean;
}

export class UpdateItemDto extends PartialType(OmitType(CreateItemDto, ['code'] as const), { skipNullProperties: false }) {}

export class ItemQuery extends ListQuery {
  @ApiPropertyOptional({ enum: CATEGORIES }) @IsOptional() @IsIn(CATEGORIES) category?: Category;
}

export class CreateProgramDto {
  @ApiProperty({ example: 'FUTURE-TEST' }) @Matches(CODE, { message: 'code must be 1–40 letters, digits, - or _' }) code: string;
  @ApiProperty({ example: 'Future Industry Test Subsidy' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ example: 30 }) @IsInt() @Min(1) @Max(100) coveragePercent: number;
  @ApiProperty({ example: 20000000, description: 'won per organization per local calendar year' }) @IsInt() @Min(0) @Max(MONEY_MAX) annualCap: number;
  @ApiProperty({ enum: ['track', 'all'] }) @IsIn(['track', 'all']) appliesTo: 'track' | 'all';
  @ApiProperty({ example: '2026-01-01' }) @IsLocalDate() validFrom: string;
  @ApiProperty({ example: '2027-12-31' }) @IsLocalDate() validTo: string;
  @ApiPropertyOptional({ type: EligibilityDto }) @Optional() @IsObject() @ValidateNested() @Type(() => EligibilityDto) eligibility?: EligibilityDto;
}

export class EnrollDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() organizationId: string;
}

export class CreateSupportRequestDto {
  @ApiProperty({ enum: CATEGORIES }) @IsIn(CATEGORIES) category: Category;
  @ApiProperty({ example: '자동차 내장재 인증 절차를 모릅니다' }) @IsString() @MinLength(1) @MaxLength(200) title: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(5000) description: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'staff filing for an organization' }) @Optional() @IsUUID() organizationId?: string;
}

export class UpdateSupportRequestDto {
  @ApiPropertyOptional({ enum: REQUEST_STATUSES }) @Optional() @IsIn(REQUEST_STATUSES) status?: RequestStatus;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(200) assignee?: string | null;
  @ApiPropertyOptional({ type: [String] }) @Optional() @IsArray() @ArrayMaxSize(50) @ArrayUnique() @Matches(CODE, { each: true, message: 'each linked item code must be a catalog code' }) linkedItemCodes?: string[];
}

export class SupportRequestQuery extends ListQuery {
  @ApiPropertyOptional({ enum: REQUEST_STATUSES }) @IsOptional() @IsIn(REQUEST_STATUSES) status?: RequestStatus;
  @ApiPropertyOptional({ enum: CATEGORIES }) @IsOptional() @IsIn(CATEGORIES) category?: Category;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() organizationId?: string;
}
