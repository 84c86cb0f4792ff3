import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { IsInstant } from '../common/validation.js';

export class UtilizationQuery {
  @ApiProperty({ example: '2026-12-01T00:00:00+09:00' }) @IsInstant() from: string;
  @ApiProperty({ example: '2027-01-01T00:00:00+09:00', description: 'half-open [from, to)' }) @IsInstant() to: string;
  @ApiPropertyOptional({ enum: ['day', 'week', 'month'], default: 'day' }) @IsOptional() @IsIn(['day', 'week', 'month']) granularity?: 'day' | 'week' | 'month';
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() segmentId?: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

export class UtilizationItem {
  @ApiProperty({ format: 'uuid' }) segmentId: string;
  @ApiProperty() segmentCode: string;
  @ApiProperty({ description: 'the local day, ISO week (Monday) or month the row is about' }) periodStart: string;
  @ApiProperty() openMinutes: number;
  @ApiProperty({ description: 'vehicle-minutes over capacity on shared segments' }) bookedMinutes: number;
  @ApiProperty({ description: 'booked / open (0 when closed)' }) utilization: number;
  @ApiProperty({ description: 'won on issued invoices' }) revenue: number;
}
