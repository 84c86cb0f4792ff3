import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
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
import { IsInstant, Optional } from '../common/validation.js';
import type { Conflict } from './conflicts.js';
import { RESERVATION_STATUSES, type Reservation, type ReservationStatus } from './reservation.entity.js';

export class AddOnDto {
  @ApiProperty({ example: 'TEST-DRIVER' }) @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, { message: 'itemCode must be a catalog item code' }) itemCode: string;
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) @Max(1000) quantity: number;
}

class BookingFields {
  @ApiProperty({ format: 'uuid' }) @IsUUID() segmentId: string;
  @ApiProperty({ example: '2026-12-01T09:00:00+09:00' }) @IsInstant() start: string;
  @ApiProperty({ example: '2026-12-01T11:00:00+09:00' }) @IsInstant() end: string;
  @ApiPropertyOptional({ default: 1, minimum: 1 }) @Optional() @IsInt() @Min(1) @Max(1000) vehicles?: number;
  @ApiPropertyOptional({ type: [String], format: 'uuid', default: [] })
  @Optional() @IsArray() @ArrayMaxSize(20) @ArrayUnique() @IsUUID('all', { each: true })
  driverIds?: string[];
  @ApiPropertyOptional({ default: '' }) @Optional() @IsString() @MaxLength(2000) purpose?: string;
  @ApiPropertyOptional({ type: [AddOnDto], default: [] })
  @Optional() @IsArray() @ArrayMaxSize(50) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => AddOnDto)
  addOns?: AddOnDto[];
}

export class CreateReservationDto extends BookingFields {
  @ApiPropertyOptional({ format: 'uuid', description: 'customers: their own (may be omitted); staff: required' })
  @Optional() @IsUUID() organizationId?: string;
  @ApiPropertyOptional({ default: false, description: 'become waitlisted instead of 409 when only other reservations are in the way' })
  @Optional() @IsBoolean() waitlist?: boolean;
  @ApiPropertyOptional({ default: false, description: 'scheduler only: displace the reservations in the way' })
  @Optional() @IsBoolean() priority?: boolean;
}

export class RescheduleDto {
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() segmentId?: string;
  @ApiPropertyOptional() @Optional() @IsInstant() start?: string;
  @ApiPropertyOptional() @Optional() @IsInstant() end?: string;
  @ApiPropertyOptional() @Optional() @IsInt() @Min(1) @Max(1000) vehicles?: number;
  @ApiPropertyOptional({ type: [String] }) @Optional() @IsArray() @ArrayMaxSize(20) @ArrayUnique() @IsUUID('all', { each: true }) driverIds?: string[];
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(2000) purpose?: string;
}

export class CancelDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) reason: string;
  @ApiPropertyOptional({ default: false, description: 'staff only' }) @Optional() @IsBoolean() waiveFee?: boolean;
}

export class CancellationFeeView {
  @ApiProperty({ description: 'the cancellation policy percent for the notice left now' }) percent: number;
  @ApiProperty({ description: 'won: the whole charge of the booked time and add-ons' }) charge: number;
  @ApiProperty({ description: 'won: what POST /reservations/:id/cancel would charge now (0 when nothing is owed)' }) fee: number;
}

export class ReasonDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) reason: string;
}

export class CheckInDto {
  @ApiPropertyOptional({ description: 'default now' }) @Optional() @IsInstant() at?: string;
  @ApiPropertyOptional({ description: 'scheduler: check in although no named driver is certified (with a reason)' }) @Optional() @IsBoolean() override?: boolean;
  @ApiPropertyOptional() @Optional() @IsString() @MinLength(1) @MaxLength(2000) reason?: string;
}

export class CheckOutDto {
  @ApiPropertyOptional({ description: 'default now' }) @Optional() @IsInstant() at?: string;
}

export class ResolveDto {
  @ApiProperty({ enum: ['relocate', 'cancel'] }) @IsIn(['relocate', 'cancel']) action: 'relocate' | 'cancel';
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() segmentId?: string;
  @ApiPropertyOptional() @Optional() @IsInstant() start?: string;
  @ApiPropertyOptional() @Optional() @IsInstant() end?: string;
}

export class ReservationListQuery extends ListQuery {
  @ApiPropertyOptional({ description: 'reservations ending after this instant' }) @IsOptional() @IsInstant() from?: string;
  @ApiPropertyOptional({ description: 'reservations starting before this instant' }) @IsOptional() @IsInstant() to?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() segmentId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() organizationId?: string;
  @ApiPropertyOptional({ enum: RESERVATION_STATUSES }) @IsOptional() @IsIn(RESERVATION_STATUSES) status?: ReservationStatus;
}

export class ReservationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ format: 'uuid' }) segmentId: string;
  @ApiProperty() start: string;
  @ApiProperty() end: string;
  @ApiProperty() vehicles: number;
  @ApiProperty({ type: [String] }) driverIds: string[];
  @ApiProperty() purpose: string;
  @ApiProperty({ enum: RESERVATION_STATUSES }) status: ReservationStatus;
  @ApiProperty({ nullable: true, type: String }) seriesId: string | null;
  @ApiProperty() priority: boolean;
  @ApiProperty({ type: [AddOnDto], description: 'with the unit price in won when booked' }) addOns: { itemCode: string; quantity: number; unitPrice?: number }[];
  @ApiProperty({ nullable: true, type: String }) actualStart: string | null;
  @ApiProperty({ nullable: true, type: String }) actualEnd: string | null;
  @ApiProperty({ description: 'minutes of turnaround after end' }) bufferMinutes: number;
  @ApiProperty({ nullable: true, type: String }) statusReason: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ nullable: true, type: String }) createdBy: string | null;

  static of(r: Reservation): ReservationView {
    return {
      id: r.id,
      organizationId: r.organizationId,
      segmentId: r.segmentId,
      start: r.start.toISOString(),
      end: r.end.toISOString(),
      vehicles: r.vehicles,
      driverIds: r.driverIds,
      purpose: r.purpose,
      status: r.status,
      seriesId: r.seriesId,
      priority: r.priority,
      addOns: r.addOns,
      actualStart: r.actualStart?.toISOString() ?? null,
      actualEnd: r.actualEnd?.toISOString() ?? null,
      bufferMinutes: r.bufferMinutes,
      statusReason: r.statusReason,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      createdBy: r.createdBy,
    };
  }
}

export class ConflictView {
  @ApiProperty({ enum: ['reservation', 'blackout', 'capacity', 'buffer'] }) type: Conflict['type'];
  @ApiProperty() start: string;
  @ApiProperty() end: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'only when the caller may see that reservation' }) reservationId?: string;
}
