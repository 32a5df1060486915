import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsBase64,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const emptyToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/**
 * Every setting the service reads, validated once at boot. `.env.example` documents each one.
 * A missing or malformed value stops the process with a message naming the variable.
 */
export class AppConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** PostgreSQL server; unset means the embedded PGlite under DATA_DIR. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsString()
  DATA_DIR = './data';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  DB_POOL_SIZE = 10;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  DB_CONNECT_TIMEOUT_MS = 5000;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  DB_STATEMENT_TIMEOUT_MS = 15000;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS = 30000;

  /** PostgreSQL application_name of the request pool: tells this service's sessions apart. */
  @Matches(/^[A-Za-z0-9._-]{1,63}$/, {
    message: 'must be 1 to 63 letters, digits, dots, dashes or underscores',
  })
  DB_APPLICATION_NAME = 'j2-8243-compensation';

  /**
   * Run the hot point reads as named prepared statements (a PostgreSQL server only). Turn off
   * behind a pooler that does not keep a session per client (PgBouncer in transaction mode).
   */
  @IsIn(['true', 'false'])
  DB_PREPARED_STATEMENTS: 'true' | 'false' = 'true';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsString()
  @MaxLength(200)
  JWT_ISSUER = 'j2-8243-compensation';

  @IsString()
  @MaxLength(200)
  JWT_AUDIENCE = 'j2-8243-compensation-api';

  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(3600)
  JWT_ACCESS_TTL_SECONDS = 900;

  @Type(() => Number)
  @IsInt()
  @Min(300)
  REFRESH_TOKEN_TTL_SECONDS = 14 * 24 * 3600;

  /** 32 random bytes, base64. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsBase64(undefined, { message: 'must be 32 random bytes in base64' })
  @Matches(/^.{43}=$/, { message: 'must be 32 random bytes in base64' })
  DATA_ENCRYPTION_KEY?: string;

  /** Version number stored with every ciphertext written under DATA_ENCRYPTION_KEY. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(9999)
  DATA_ENCRYPTION_KEY_VERSION = 1;

  /** Older keys kept for reading after a rotation: `version:base64key` pairs, comma-separated. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\d{1,4}:[A-Za-z0-9+/]{43}=(,\d{1,4}:[A-Za-z0-9+/]{43}=)*$/, {
    message: 'must be version:base64key pairs separated by commas',
  })
  DATA_ENCRYPTION_PREVIOUS_KEYS?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail()
  ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(12)
  @MaxLength(128)
  ADMIN_PASSWORD?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  /** Root of the local document store; files are named by server-generated UUIDs. */
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  STORAGE_DIR = './data/storage';

  /** Largest document a single upload may carry (bytes); larger answers 413. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  RATE_LIMIT_PER_MINUTE = 1000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_RATE_LIMIT_PER_MINUTE = 10;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(120000)
  SHUTDOWN_GRACE_MS = 10000;

  /** How long a computed report summary is reused (ms); 0 computes every request afresh. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60000)
  REPORT_CACHE_TTL_MS = 2000;

  /**
   * Run the background worker (outbox delivery, reminders, audit verification) inside this
   * process. `npm run worker` runs it alone; any number of workers share the work.
   */
  @IsIn(['true', 'false'])
  WORKER_ENABLED: 'true' | 'false' = 'true';

  /** How often an idle worker looks for due notifications (ms). */
  @Type(() => Number)
  @IsInt()
  @Min(20)
  @Max(60000)
  WORKER_POLL_INTERVAL_MS = 1000;

  /** Notifications one worker claims at a time. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  WORKER_BATCH_SIZE = 20;

  /** How long a claimed batch stays with its worker before another may take it over (s). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  WORKER_LEASE_SECONDS = 120;

  /** Delivery attempts before a notification is `dead`. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  NOTIFY_MAX_ATTEMPTS = 8;

  /** First retry delay (ms); each further retry waits twice as long, up to six hours. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  NOTIFY_RETRY_BASE_MS = 30_000;

  /** SMTP server for e-mail, e.g. smtp://user:pass@mail:587; unset writes .eml files instead. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** Sender of every e-mail. */
  @IsString()
  @MinLength(3)
  @MaxLength(254)
  SMTP_FROM = 'J2-8243 compensation <no-reply@compensation.invalid>';

  /** Allow webhook URLs on loopback, link-local and private addresses in production. */
  @IsIn(['true', 'false'])
  WEBHOOK_ALLOW_PRIVATE: 'true' | 'false' = 'false';

  /** How long GET /audit-events/verification waits for its verification before answering 202 (ms). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(120000)
  AUDIT_VERIFICATION_WAIT_MS = 25000;

  /** Seed J2-8243 at start when the database has no incident yet. */
  @IsIn(['true', 'false'])
  SEED_ON_START: 'true' | 'false' = 'true';

  get embedded(): boolean {
    return this.DATABASE_URL === undefined;
  }

  get production(): boolean {
    return this.NODE_ENV === 'production';
  }

  get workerEnabled(): boolean {
    return this.WORKER_ENABLED === 'true';
  }

  /** Webhooks may target loopback, link-local and private addresses (never in production by default). */
  get webhookPrivateAllowed(): boolean {
    return !this.production || this.WEBHOOK_ALLOW_PRIVATE === 'true';
  }

  get databaseUrl(): string {
    if (!this.DATABASE_URL) throw new Error('DATABASE_URL is not set');
    return this.DATABASE_URL;
  }

  get jwtSecret(): string {
    if (!this.JWT_SECRET) throw new Error('JWT_SECRET is not set');
    return this.JWT_SECRET;
  }

  get dataEncryptionKey(): Buffer {
    if (!this.DATA_ENCRYPTION_KEY) throw new Error('DATA_ENCRYPTION_KEY is not set');
    return Buffer.from(this.DATA_ENCRYPTION_KEY, 'base64');
  }

  /** Every key by version: the previous ones for reading, the current one for writing too. */
  get dataEncryptionKeys(): Map<number, Buffer> {
    const keys = new Map<number, Buffer>();
    for (const pair of (this.DATA_ENCRYPTION_PREVIOUS_KEYS ?? '').split(',').filter(Boolean)) {
      const [version, key] = pair.split(':');
      keys.set(Number(version), Buffer.from(key!, 'base64'));
    }
    keys.set(this.DATA_ENCRYPTION_KEY_VERSION, this.dataEncryptionKey);
    return keys;
  }
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => known.includes(k) && v !== undefined),
  );
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const problems = validateSync(config, { skipMissingProperties: false }).map(
    (e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`,
  );
  if (config.production) {
    for (const name of ['DATABASE_URL', 'JWT_SECRET', 'DATA_ENCRYPTION_KEY'] as const) {
      if (!config[name]) problems.push(`${name}: is required when NODE_ENV=production`);
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return config;
}
