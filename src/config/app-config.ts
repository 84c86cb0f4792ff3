import { plainToInstance, Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === true || value === 'true' || value === '1' ? true
  : value === false || value === 'false' || value === '0' ? false : value;
const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value;
const toSeconds = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((v) => (/^\s*\d+\s*$/.test(v) ? Number(v) : v)) : value;
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Every setting the app reads from the environment, validated once at start.
 * Names follow the environment variables (see docs/operations.md).
 */
export class AppConfig {
  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @Transform(emptyToUndefined) @IsOptional() @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @Transform(toInt) @IsInt() @Min(2) @Max(200)
  DATABASE_POOL_SIZE = 20;

  @IsString() @MinLength(1)
  DATA_DIR = './.data';

  @Transform(toInt) @IsOptional() @IsInt() @Min(1024) @Max(65535)
  EMBEDDED_PG_PORT?: number;

  @IsString()
  FACILITY_TIMEZONE = 'Asia/Seoul';

  /** The built web app (index.html and its assets), served at `/`; missing → every such path answers 404. */
  @IsString() @MinLength(1)
  WEB_DIR = 'dist/web';

  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInt) @IsInt() @Min(60) @Max(7 * 24 * 3600)
  JWT_EXPIRES_SECONDS = 12 * 3600;

  @Transform(emptyToUndefined) @IsOptional() @IsEmail()
  ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(10, { message: 'ADMIN_PASSWORD must be at least 10 characters' })
  ADMIN_PASSWORD?: string;

  @Transform(toBool) @IsOptional() @IsBoolean()
  SEED_DEMO?: boolean;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** A pending reservation not decided within this many hours expires (or at its start). */
  @Transform(toInt) @IsInt() @Min(1) @Max(24 * 365)
  PENDING_EXPIRY_HOURS = 48;

  /** A confirmed reservation not checked in by start + this many minutes is a no-show. */
  @Transform(toInt) @IsInt() @Min(0) @Max(24 * 60)
  NO_SHOW_GRACE_MINUTES = 30;

  /** How often each instance sweeps for expiries and no-shows; 0 turns the sweeps off. */
  @Transform(toInt) @IsInt() @Min(0) @Max(3600)
  LIFECYCLE_INTERVAL_SECONDS = 30;

  /** Where e-mail goes (`smtp://host:port` or `smtps://user:pass@host`); unset: nothing is sent, the outbox still fills. */
  @Transform(emptyToUndefined) @IsOptional() @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString() @MinLength(3)
  MAIL_FROM = '대구 주행시험장 <no-reply@daegu-proving-ground.kr>';

  /** Reminders go out this many hours before a held reservation starts. */
  @Transform(toInt) @IsInt() @Min(1) @Max(24 * 30)
  REMINDER_HOURS = 24;

  /** How often each instance looks for due e-mails, webhook deliveries and reminders; 0 turns the workers off. */
  @Transform(toInt) @IsInt() @Min(0) @Max(3_600_000)
  DELIVERY_INTERVAL_MS = 2000;

  /** Seconds to wait before each retry of an e-mail; the last value repeats. */
  @Transform(toSeconds) @IsArray() @ArrayNotEmpty() @ArrayMaxSize(50) @IsInt({ each: true }) @Min(0, { each: true })
  MAIL_RETRY_SECONDS = [60, 300, 1800, 7200];

  /** An e-mail still failing this long after it was written is marked failed. */
  @Transform(toInt) @IsInt() @Min(0)
  MAIL_RETRY_WINDOW_SECONDS = 24 * 3600;

  /** Seconds to wait before each retry of a webhook delivery (exponential by default); the last value repeats. */
  @Transform(toSeconds) @IsArray() @ArrayNotEmpty() @ArrayMaxSize(50) @IsInt({ each: true }) @Min(0, { each: true })
  WEBHOOK_RETRY_SECONDS = [30, 120, 600, 1800, 3600, 7200, 14_400, 28_800];

  /** A delivery still failing this long after its event is marked failed. */
  @Transform(toInt) @IsInt() @Min(0)
  WEBHOOK_RETRY_WINDOW_SECONDS = 24 * 3600;

  /** A receiver that has not answered within this many milliseconds has failed the attempt. */
  @Transform(toInt) @IsInt() @Min(100) @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** Allow webhook URLs on loopback, private and link-local addresses (tests, on-premises receivers). */
  @Transform(toBool) @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE = false;

  get embedded(): boolean {
    return !this.DATABASE_URL;
  }

  /** Demo data is seeded by default only on the embedded database. */
  get seedDemo(): boolean {
    return this.SEED_DEMO ?? this.embedded;
  }
}

export class ConfigError extends Error {}

const VARIABLES = [
  'PORT', 'DATABASE_URL', 'DATABASE_POOL_SIZE', 'DATA_DIR', 'EMBEDDED_PG_PORT', 'FACILITY_TIMEZONE', 'JWT_SECRET',
  'JWT_EXPIRES_SECONDS', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'SEED_DEMO', 'LOG_LEVEL', 'PENDING_EXPIRY_HOURS',
  'NO_SHOW_GRACE_MINUTES', 'LIFECYCLE_INTERVAL_SECONDS', 'SMTP_URL', 'MAIL_FROM', 'REMINDER_HOURS', 'DELIVERY_INTERVAL_MS',
  'MAIL_RETRY_SECONDS', 'MAIL_RETRY_WINDOW_SECONDS', 'WEBHOOK_RETRY_SECONDS', 'WEBHOOK_RETRY_WINDOW_SECONDS', 'WEBHOOK_TIMEOUT_MS',
  'WEBHOOK_ALLOW_PRIVATE', 'WEB_DIR',
] as const;

/** Builds the config from an environment; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  const raw: Record<string, unknown> = {};
  for (const key of VARIABLES) {
    if (env[key] !== undefined && env[key] !== '') raw[key] = env[key];
  }
  const config = plainToInstance(AppConfig, raw);
  const problems = validateSync(config).flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`));
  if (!isTimeZone(config.FACILITY_TIMEZONE)) problems.push(`FACILITY_TIMEZONE: unknown time zone "${config.FACILITY_TIMEZONE}"`);
  if (config.DATABASE_URL && !config.JWT_SECRET) {
    problems.push('JWT_SECRET: required when DATABASE_URL is set (every instance must sign tokens with the same secret)');
  }
  if (Boolean(config.ADMIN_EMAIL) !== Boolean(config.ADMIN_PASSWORD)) {
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD: set both or neither');
  }
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return config;
}
