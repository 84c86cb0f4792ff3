import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsInstant, Optional } from '../common/validation.js';
import type { ConflictView, ReservationView } from './reservations.dto.js';
import { CONFLICT_POLICIES, type ConflictPolicy, type ReservationSeries } from './series.entity.js';

export const MAX_OCCURRENCES = 500;

export class CreateSeriesDto {
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() organizationId?: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() segmentId: string;
  @ApiProperty({ example: '2026-12-01T09:00:00+09:00', description: 'the first occurrence; its local time is every occurrence’s' }) @IsInstant() firstStart: string;
  @ApiProperty({ example: 120 }) @IsInt() @Min(1) @Max(10080) durationMinutes: number;
  @ApiProperty({ example: 'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8', description: 'RFC 5545 RRULE without DTSTART' }) @IsString() @MinLength(1) @MaxLength(500) rrule: string;
  @ApiPropertyOptional({ default: 1 }) @Optional() @IsInt() @Min(1) @Max(1000) vehicles?: number;
  @ApiPropertyOptional({ type: [String], default: [] }) @Optional() @IsArray() @ArrayMaxSize(20) @ArrayUnique() @IsUUID('all', { each: true }) driverIds?: string[];
  @ApiPropertyOptional({ default: '' }) @Optional() @IsString() @MaxLength(2000) purpose?: string;
  @ApiPropertyOptional({ enum: CONFLICT_POLICIES, default: 'all_or_nothing' }) @Optional() @IsIn(CONFLICT_POLICIES) conflictPolicy?: ConflictPolicy;
  @ApiPropertyOptional({ default: 100, description: 'skip_conflicts: refuse the series when more occurrences than this percent are skipped' })
  @Optional() @IsInt() @Min(0) @Max(100)
  maxConflictPercent?: number;
}

export class CancelSeriesDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) reason: string;
  @ApiPropertyOptional({ description: 'cancel the occurrences starting at or after this instant (default now)' }) @Optional() @IsInstant() from?: string;
}

export class SeriesView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ format: 'uuid' }) segmentId: string;
  @ApiProperty() firstStart: string;
  @ApiProperty() durationMinutes: number;
  @ApiProperty() rrule: string;
  @ApiProperty() vehicles: number;
  @ApiProperty({ type: [String] }) driverIds: string[];
  @ApiProperty() purpose: string;
  @ApiProperty({ enum: CONFLICT_POLICIES }) conflictPolicy: ConflictPolicy;
  @ApiProperty() maxConflictPercent: number;
  @ApiProperty({ enum: ['active', 'cancelled'] }) status: 'active' | 'cancelled';
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) createdBy: string | null;

  static of(s: ReservationSeries): SeriesView {
    return {
      id: s.id,
      organizationId: s.organizationId,
      segmentId: s.segmentId,
      firstStart: s.firstStart.toISOString(),
      durationMinutes: s.durationMinutes,
      rrule: s.rrule,
      vehicles: s.vehicles,
      driverIds: s.driverIds,
      purpose: s.purpose,
      conflictPolicy: s.conflictPolicy,
      maxConflictPercent: s.maxConflictPercent,
      status: s.status,
      createdAt: s.createdAt.toISOString(),
      createdBy: s.createdBy,
    };
  }
}

export interface OccurrenceConflicts {
  start: string;
  end: string;
  conflicts: ConflictView[];
}

export interface SeriesCreated {
  series: SeriesView;
  created: ReservationView[];
  skipped: OccurrenceConflicts[];
}

export interface SeriesDetail extends SeriesView {
  reservations: ReservationView[];
}
