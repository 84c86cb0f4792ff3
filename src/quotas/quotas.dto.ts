import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { Optional } from '../common/validation.js';
import { QUOTA_PERIODS, type Period, type QuotaPeriod } from './periods.js';
import type { QuotaRow } from './quotas.repository.js';

/** More minutes than any month has, on any number of segments an organization could sensibly be limited to. */
const MAX_QUOTA_MINUTES = 1_000_000;

export class QuotaDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'limits this segment and every segment sharing its track (its ancestors and descendants)' })
  @Optional() @IsUUID() segmentId?: string;
  @ApiPropertyOptional({ example: 'braking', description: 'limits segments of this kind' })
  @Optional() @IsString() @MinLength(1) @MaxLength(64) kind?: string;
  @ApiProperty({ enum: QUOTA_PERIODS, description: 'facility-local week (Monday to Sunday) or month' }) @IsIn(QUOTA_PERIODS) period: QuotaPeriod;
  @ApiProperty({ minimum: 0, maximum: MAX_QUOTA_MINUTES }) @IsInt() @Min(0) @Max(MAX_QUOTA_MINUTES) maxMinutes: number;
}

/** The organization's whole quota list: it replaces the previous one, in this order. */
export class ReplaceQuotasDto {
  @ApiProperty({ type: [QuotaDto] })
  // IsObject: ValidateNested alone lets a nested list ([[]]) through as "valid"
  @IsArray() @ArrayMaxSize(50) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => QuotaDto)
  quotas: QuotaDto[];
}

export class QuotaView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) segmentId: string | null;
  @ApiProperty({ nullable: true, type: String }) kind: string | null;
  @ApiProperty({ enum: QUOTA_PERIODS }) period: QuotaPeriod;
  @ApiProperty() maxMinutes: number;

  static of(q: QuotaRow): QuotaView {
    return { id: q.id, segmentId: q.segmentId, kind: q.kind, period: q.period, maxMinutes: q.maxMinutes };
  }
}

export class PeriodView {
  @ApiProperty({ enum: QUOTA_PERIODS }) kind: QuotaPeriod;
  @ApiProperty() start: string;
  @ApiProperty() end: string;

  static of(p: Period): PeriodView {
    return { kind: p.kind, start: p.start.toISOString(), end: p.end.toISOString() };
  }
}

export class CurrentUseView {
  @ApiProperty({ description: 'the period containing now' }) start: string;
  @ApiProperty() end: string;
  @ApiProperty({ description: 'held and completed minutes counted against the quota' }) usedMinutes: number;
}

export class QuotaUseView extends QuotaView {
  @ApiProperty({ type: CurrentUseView }) current: CurrentUseView;
}

export class QuotaListView {
  @ApiProperty({ type: [QuotaView] }) quotas: QuotaView[];
}

export class QuotaUseListView {
  @ApiProperty({ type: [QuotaUseView] }) quotas: QuotaUseView[];
}
