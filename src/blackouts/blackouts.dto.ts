import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsBoolean, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { ListQuery } from '../common/pagination.js';
import { IsInstant, Optional } from '../common/validation.js';
import type { Span } from '../reservations/conflicts.js';
import type { Blackout } from './blackout.entity.js';

export class CreateBlackoutDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'omitted: the whole facility' })
  @Optional() @IsArray() @ArrayNotEmpty() @ArrayMaxSize(200) @ArrayUnique() @IsUUID('all', { each: true })
  segmentIds?: string[];
  @ApiProperty({ example: '2026-12-07T08:00:00+09:00' }) @IsInstant() start: string;
  @ApiProperty({ example: '2026-12-07T12:00:00+09:00' }) @IsInstant() end: string;
  @ApiPropertyOptional({ example: 'FREQ=WEEKLY;BYDAY=MO;COUNT=10', description: 'RFC 5545 RRULE without DTSTART; repeats start–end in facility local time' })
  @Optional() @IsString() @MaxLength(500) rrule?: string;
  @ApiProperty({ example: '노면 재포장 (resurfacing)' }) @IsString() @MinLength(1) @MaxLength(500) reason: string;
  @ApiPropertyOptional({ default: false, description: 'show what would be displaced; write nothing' }) @Optional() @IsBoolean() dryRun?: boolean;
}

export class BlackoutListQuery extends ListQuery {
  @ApiPropertyOptional() @IsOptional() @IsInstant() from?: string;
  @ApiPropertyOptional() @IsOptional() @IsInstant() to?: string;
}

export class OccurrenceView {
  @ApiProperty() start: string;
  @ApiProperty() end: string;
}

export class BlackoutView {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null in a dry run' }) id: string | null;
  @ApiProperty({ type: [String], nullable: true, description: 'null: the whole facility' }) segmentIds: string[] | null;
  @ApiProperty() start: string;
  @ApiProperty() end: string;
  @ApiProperty({ nullable: true, type: String }) rrule: string | null;
  @ApiProperty() reason: string;
  @ApiProperty({ type: [OccurrenceView], description: 'occurrences (within the listed window, when listing)' }) occurrences: OccurrenceView[];
  @ApiProperty({ nullable: true, type: String }) createdAt: string | null;

  static of(b: Pick<Blackout, 'segmentIds' | 'start' | 'end' | 'rrule' | 'reason'> & Partial<Blackout>, occurrences: Span[]): BlackoutView {
    return {
      id: b.id ?? null,
      segmentIds: b.segmentIds,
      start: b.start.toISOString(),
      end: b.end.toISOString(),
      rrule: b.rrule,
      reason: b.reason,
      occurrences: occurrences.map((o) => ({ start: o.start.toISOString(), end: o.end.toISOString() })),
      createdAt: b.createdAt?.toISOString() ?? null,
    };
  }
}

export class BlackoutCreated {
  @ApiProperty({ type: BlackoutView }) blackout: BlackoutView;
  @ApiProperty({ type: [String], description: 'ids of the reservations displaced (or, in a dry run, that would be)' }) displaced: string[];
}
