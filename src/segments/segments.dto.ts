import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
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
import { CLOCK, CLOSE_CLOCK, Optional } from '../common/validation.js';
import { WEEKDAYS, type Weekday } from './local-time.js';
import type { OpeningHours } from './opening-hours.js';
import { CAPACITY_MODES, type CapacityMode, type Segment } from './segment.entity.js';


export class OpeningHoursDto {
  @ApiProperty({ enum: WEEKDAYS, isArray: true, example: ['mon', 'tue', 'wed', 'thu', 'fri'] })
  @IsArray() @ArrayNotEmpty() @ArrayUnique() @IsIn(WEEKDAYS, { each: true })
  days: Weekday[];

  @ApiProperty({ example: '08:00' }) @Matches(CLOCK, { message: 'open must be HH:MM (00:00–23:59)' }) open: string;
  @ApiProperty({ example: '20:00', description: "HH:MM, '24:00' allowed" }) @Matches(CLOSE_CLOCK, { message: "close must be HH:MM or '24:00'" }) close: string;
}

/** The demo facility's hours, used when a segment is created without any. */
export const DEFAULT_OPENING_HOURS: OpeningHours = [
  { days: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '08:00', close: '20:00' },
  { days: ['sat'], open: '09:00', close: '17:00' },
];

export class CreateSegmentDto {
  @ApiProperty({ example: 'WBR' }) @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, { message: 'code must be 1–32 letters, digits, - or _' }) code: string;
  @ApiProperty({ example: '젖은 노면 제동력 시험로' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiPropertyOptional({ example: 'Wet braking track' }) @Optional() @IsString() @MaxLength(200) nameEn?: string;
  @ApiProperty({ example: 'braking' }) @Matches(/^[a-z][a-z0-9_]{0,31}$/, { message: 'kind must be a lower-case word (a-z, 0-9, _)' }) kind: string;
  @ApiProperty({ enum: CAPACITY_MODES }) @IsIn(CAPACITY_MODES) capacityMode: CapacityMode;
  @ApiPropertyOptional({ minimum: 1, description: 'required for shared segments, forbidden otherwise' }) @Optional() @IsInt() @Min(1) @Max(1000) maxVehicles?: number;
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() parentId?: string;
  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: 4 }) @Optional() @IsInt() @Min(0) @Max(4) requiredDriverLevel?: number;
  @ApiPropertyOptional({ default: 30, description: 'must divide a day (1440)' }) @Optional() @IsInt() @Min(1) @Max(1440) slotMinutes?: number;
  @ApiPropertyOptional({ default: 30 }) @Optional() @IsInt() @Min(1) @Max(10080) minDurationMinutes?: number;
  @ApiPropertyOptional({ default: 720 }) @Optional() @IsInt() @Min(1) @Max(10080) maxDurationMinutes?: number;
  @ApiPropertyOptional({ default: 0, description: 'turnaround after each reservation (exclusive segments only)' }) @Optional() @IsInt() @Min(0) @Max(1440) bufferMinutes?: number;
  @ApiPropertyOptional({ default: 0 }) @Optional() @IsInt() @Min(0) @Max(525600) minNoticeMinutes?: number;
  @ApiPropertyOptional({ default: 365 }) @Optional() @IsInt() @Min(1) @Max(3650) maxAdvanceDays?: number;
  @ApiPropertyOptional({ default: false }) @Optional() @IsBoolean() approvalRequired?: boolean;
  @ApiPropertyOptional({ type: [OpeningHoursDto], description: 'default Mon–Fri 08:00–20:00, Sat 09:00–17:00' })
  @Optional() @IsArray() @ArrayMaxSize(50) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => OpeningHoursDto)
  openingHours?: OpeningHoursDto[];
  @ApiPropertyOptional({ default: true }) @Optional() @IsBoolean() active?: boolean;
}

/** Every field but the parent may change; the tree is fixed once a segment exists. */
export class UpdateSegmentDto extends PartialType(OmitType(CreateSegmentDto, ['parentId'] as const), { skipNullProperties: false }) {
  @ApiPropertyOptional({ nullable: true, description: 'null removes the limit when turning a segment exclusive' })
  @IsOptional() @IsInt() @Min(1) @Max(1000)
  override maxVehicles?: number;
}

export class SegmentListQuery extends ListQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(32) kind?: string;
}

export class SegmentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) nameEn: string | null;
  @ApiProperty() kind: string;
  @ApiProperty({ enum: CAPACITY_MODES }) capacityMode: CapacityMode;
  @ApiProperty({ nullable: true, type: Number }) maxVehicles: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) parentId: string | null;
  @ApiProperty({ description: 'has children: always booked exclusively, whole' }) isComposite: boolean;
  @ApiProperty() requiredDriverLevel: number;
  @ApiProperty() slotMinutes: number;
  @ApiProperty() minDurationMinutes: number;
  @ApiProperty() maxDurationMinutes: number;
  @ApiProperty() bufferMinutes: number;
  @ApiProperty() minNoticeMinutes: number;
  @ApiProperty() maxAdvanceDays: number;
  @ApiProperty() approvalRequired: boolean;
  @ApiProperty({ type: [OpeningHoursDto] }) openingHours: OpeningHours;
  @ApiProperty() active: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static of(s: Segment, isComposite: boolean): SegmentView {
    return {
      id: s.id,
      code: s.code,
      name: s.name,
      nameEn: s.nameEn,
      kind: s.kind,
      capacityMode: s.capacityMode,
      maxVehicles: s.maxVehicles,
      parentId: s.parentId,
      isComposite,
      requiredDriverLevel: s.requiredDriverLevel,
      slotMinutes: s.slotMinutes,
      minDurationMinutes: s.minDurationMinutes,
      maxDurationMinutes: s.maxDurationMinutes,
      bufferMinutes: s.bufferMinutes,
      minNoticeMinutes: s.minNoticeMinutes,
      maxAdvanceDays: s.maxAdvanceDays,
      approvalRequired: s.approvalRequired,
      openingHours: s.openingHours,
      active: s.active,
      createdAt: s.createdAt.toISOString(),
      updatedAt: s.updatedAt.toISOString(),
    };
  }
}
