import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ListQuery } from '../common/pagination.js';
import { CLOCK, CLOSE_CLOCK, IsInstant, IsLocalDate, MONEY_MAX, Optional } from '../common/validation.js';
import { AddOnDto } from '../reservations/reservations.dto.js';
import { WEEKDAYS, type Weekday } from '../segments/local-time.js';

/** A local month YYYY-MM of the years 1900–8999 (instants are bounded alike, see common/validation.ts). */
export const PERIOD = /^(19|[2-8]\d)\d{2}-(0[1-9]|1[0-2])$/;

export class SurchargeDto {
  @ApiProperty({ example: '야간 (night)' }) @IsString() @MinLength(1) @MaxLength(100) name: string;
  @ApiProperty({ enum: WEEKDAYS, isArray: true }) @IsArray() @ArrayNotEmpty() @ArrayUnique() @IsIn(WEEKDAYS, { each: true }) days: Weekday[];
  @ApiProperty({ example: '18:00' }) @Matches(CLOCK, { message: 'from must be HH:MM' }) from: string;
  @ApiProperty({ example: '20:00' }) @Matches(CLOSE_CLOCK, { message: "to must be HH:MM or '24:00'" }) to: string;
  @ApiProperty({ example: 30 }) @IsInt() @Min(0) @Max(1000) percent: number;
}

export class CreateRateCardDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() segmentId: string;
  @ApiProperty({ example: '2027-01-01', description: 'local date from which the card prices reservations' }) @IsLocalDate() effectiveFrom: string;
  @ApiPropertyOptional({ description: 'won per hour: exclusive segments and composites' }) @Optional() @IsInt() @Min(0) @Max(MONEY_MAX) hourlyRate?: number;
  @ApiPropertyOptional({ description: 'won per vehicle-hour: shared segments' }) @Optional() @IsInt() @Min(0) @Max(MONEY_MAX) perVehicleHourlyRate?: number;
  @ApiPropertyOptional({ default: 0 }) @Optional() @IsInt() @Min(0) @Max(100) memberDiscountPercent?: number;
  @ApiPropertyOptional({ default: 30 }) @Optional() @IsInt() @Min(1) @Max(1440) billingIncrementMinutes?: number;
  @ApiPropertyOptional({ default: 60 }) @Optional() @IsInt() @Min(0) @Max(10080) minimumBillableMinutes?: number;
  @ApiPropertyOptional({ type: [SurchargeDto], default: [] })
  @Optional() @IsArray() @ArrayMaxSize(20) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => SurchargeDto)
  surcharges?: SurchargeDto[];
}

export class RateCardQuery extends ListQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() segmentId?: string;
}

export class TierDto {
  @ApiProperty({ example: 168 }) @IsInt() @Min(0) @Max(100000) minNoticeHours: number;
  @ApiProperty({ example: 0 }) @IsInt() @Min(0) @Max(100) percent: number;
}

export class CancellationPolicyDto {
  @ApiProperty({ type: [TierDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => TierDto)
  tiers: TierDto[];
  @ApiProperty({ example: 100 }) @IsInt() @Min(0) @Max(100) noShowPercent: number;
}

export class QuoteDto {
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() organizationId?: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() segmentId: string;
  @ApiProperty() @IsInstant() start: string;
  @ApiProperty() @IsInstant() end: string;
  @ApiPropertyOptional({ default: 1 }) @Optional() @IsInt() @Min(1) @Max(1000) vehicles?: number;
  @ApiPropertyOptional({ type: [AddOnDto], default: [] })
  @Optional() @IsArray() @ArrayMaxSize(50) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => AddOnDto)
  addOns?: AddOnDto[];
}

export class GenerateInvoicesDto {
  @ApiProperty({ example: '2026-12' }) @Matches(PERIOD, { message: 'period must be YYYY-MM' }) period: string;
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() organizationId?: string;
}

export class InvoiceListQuery extends ListQuery {
  @ApiPropertyOptional() @IsOptional() @Matches(PERIOD, { message: 'period must be YYYY-MM' }) period?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() organizationId?: string;
  @ApiPropertyOptional({ enum: ['draft', 'issued', 'paid', 'void'] }) @IsOptional() @IsIn(['draft', 'issued', 'paid', 'void']) status?: string;
}

export class MarkPaidDto {
  @ApiProperty() @IsInstant() paidAt: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) reference: string;
}

export class VoidDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) reason: string;
}

export class ExportQuery {
  @ApiProperty({ example: '2026-12' }) @Matches(PERIOD, { message: 'period must be YYYY-MM' }) period: string;
  @ApiPropertyOptional({ enum: ['csv', 'json'], default: 'csv' }) @IsOptional() @IsIn(['csv', 'json']) format?: 'csv' | 'json';
}

export class LineView {
  @ApiProperty() description: string;
  @ApiProperty() quantity: number;
  @ApiProperty() unit: string;
  @ApiProperty() unitPrice: number;
  @ApiProperty() amount: number;
  @ApiProperty() taxable: boolean;
  @ApiPropertyOptional({ format: 'uuid' }) reservationId?: string;
  @ApiPropertyOptional() itemCode?: string;
  @ApiPropertyOptional() programCode?: string;
}

export class QuoteView {
  @ApiProperty({ type: [LineView] }) lines: LineView[];
  @ApiProperty() supplyAmount: number;
  @ApiProperty() vat: number;
  @ApiProperty() total: number;
}

export class InvoiceView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String, example: 'DPG-2026-000001' }) number: string | null;
  @ApiProperty({ enum: ['invoice', 'credit_note'] }) type: 'invoice' | 'credit_note';
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty() period: string;
  @ApiProperty({ enum: ['draft', 'issued', 'paid', 'void'] }) status: string;
  @ApiProperty({ nullable: true, type: String }) issuedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) paidAt: string | null;
  @ApiProperty({ nullable: true, type: String }) paidReference: string | null;
  @ApiProperty({ nullable: true, type: String }) voidReason: string | null;
  @ApiProperty({ type: [LineView] }) lines: LineView[];
  @ApiProperty() supplyAmount: number;
  @ApiProperty() vat: number;
  @ApiProperty() total: number;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) creditedInvoiceId?: string | null;
}
