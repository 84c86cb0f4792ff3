import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsInstant, QueryInt, QueryList } from '../common/validation.js';

export const MAX_AVAILABILITY_DAYS = 62;

export class AvailabilityQuery {
  @ApiProperty({ example: '2026-12-01T00:00:00+09:00' }) @IsInstant() from: string;
  @ApiProperty({ example: '2026-12-08T00:00:00+09:00', description: `at most ${MAX_AVAILABILITY_DAYS} days after from` }) @IsInstant() to: string;
  @ApiPropertyOptional({ description: 'comma-separated segment ids; all segments when omitted', type: String })
  @IsOptional() @QueryList() @ArrayMaxSize(500) @IsUUID('all', { each: true })
  segmentIds?: string[];
}

export class SuggestionsQuery {
  @ApiProperty({ format: 'uuid' }) @IsUUID() segmentId: string;
  @ApiProperty({ minimum: 1 }) @QueryInt() @IsInt() @Min(1) @Max(10080) durationMinutes: number;
  @ApiProperty({ example: '2026-12-01T09:00:00+09:00' }) @IsInstant() notBefore: string;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @QueryInt() @IsInt() @Min(1) @Max(1000) vehicles?: number;
  @ApiPropertyOptional({ default: 5, maximum: 50 }) @IsOptional() @QueryInt() @IsInt() @Min(1) @Max(50) limit?: number;
}

export class FreeIntervalView {
  @ApiProperty() start: string;
  @ApiProperty() end: string;
  @ApiProperty({ description: 'vehicles that still fit (1 for an exclusive segment or a composite)' }) remainingVehicles: number;
}

export class SegmentAvailabilityView {
  @ApiProperty({ format: 'uuid' }) segmentId: string;
  @ApiProperty({ type: [FreeIntervalView] }) free: FreeIntervalView[];
}

export class AvailabilityView {
  @ApiProperty({ type: [SegmentAvailabilityView] }) segments: SegmentAvailabilityView[];
}

export class SuggestionView {
  @ApiProperty({ format: 'uuid' }) segmentId: string;
  @ApiProperty() start: string;
  @ApiProperty() end: string;
}
