import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { isIP } from 'node:net';

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

import { passwordProblem } from '../modules/users/domain/password-policy';

/** The shape of TRUST_PROXY; each address or range is checked again in loadConfig. */
const TRUST_PROXY_SYNTAX = /^[0-9A-Za-z.:/]+(\s*,\s*[0-9A-Za-z.:/]+)*$/;

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

  /**
   * `pretty`: one readable line per event, for a person at a terminal; `json`: one JSON object
   * per line, for log collectors. Default: pretty in development, JSON otherwise (production,
   * and tests, which parse the lines).
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['json', 'pretty'])
  LOG_FORMAT?: 'json' | 'pretty';

  /** PostgreSQL server; unset means the embedded PGlite under DATA_DIR. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL' })
  DATABASE_URL?: string;

  /**
   * A streaming replica of DATABASE_URL: reports and CSV exports read from it. Access checks and
   * everything else stay on DATABASE_URL. Unset: reports read from DATABASE_URL.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL' })
  DATABASE_REPLICA_URL?: string;

  /**
   * After the replica refuses or times out a connection, reports read from the primary and the
   * replica is tried again only after this long (ms), so a replica outage costs one connect
   * timeout, not one per report.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(600_000)
  DB_REPLICA_RETRY_MS = 10_000;

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

  /** Where document files live: a local directory (one machine) or an S3-compatible bucket. */
  @IsIn(['local', 's3'])
  STORAGE_DRIVER: 'local' | 's3' = 'local';

  /** S3 endpoint (MinIO, Ceph, s3rver...); unset means AWS S3 itself. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s):// URL' })
  S3_ENDPOINT?: string;

  @Matches(/^[a-z0-9-]{1,40}$/, { message: 'must be a region name such as eu-central-1' })
  S3_REGION = 'us-east-1';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be an S3 bucket name' })
  S3_BUCKET?: string;

  /** Unset (both): the SDK's default credential chain (instance role, AWS_* variables...). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(128)
  S3_ACCESS_KEY_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(256)
  S3_SECRET_ACCESS_KEY?: string;

  /** Path-style addressing (`endpoint/bucket/key`): MinIO and most self-hosted servers need it. */
  @IsIn(['true', 'false'])
  S3_FORCE_PATH_STYLE: 'true' | 'false' = 'false';

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

  /** Requests a minute per address without a valid token (public routes and refused ones). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  ANONYMOUS_RATE_LIMIT_PER_MINUTE = 60;

  /**
   * How often denied requests, counted per caller, route and minute, are appended to the audit
   * chain as aggregated `access.denied` events (seconds). 0 stops the timer (the tests flush).
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3600)
  AUDIT_DENIALS_FLUSH_SECONDS = 15;

  /** A session (a chain of refreshed tokens) ends this long after its sign-in, refreshed or not. */
  @Type(() => Number)
  @IsInt()
  @Min(300)
  @Max(365 * 24 * 3600)
  SESSION_MAX_SECONDS = 7 * 24 * 3600;

  /** Roles that must sign in with a second factor (comma-separated, e.g. `admin`). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(
    /^\s*(admin|case_worker|lawyer|auditor)\s*(,\s*(admin|case_worker|lawyer|auditor)\s*)*$/,
    {
      message: 'must be roles (admin, case_worker, lawyer, auditor) separated by commas',
    },
  )
  MFA_REQUIRED_ROLES?: string;

  /** A signed checkpoint of the audit chain's head every this many events (and hourly). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  AUDIT_CHECKPOINT_EVERY = 1000;

  /** Ed25519 private key (PKCS#8, PEM or base64 DER) that signs audit checkpoints. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  AUDIT_SIGNING_KEY?: string;

  /**
   * Ed25519 public keys (SPKI, PEM or base64 DER; comma-separated) of signing keys used before
   * AUDIT_SIGNING_KEY: checkpoints they signed still verify after the key is rotated.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(16384)
  AUDIT_SIGNING_PREVIOUS_PUBLIC_KEYS?: string;

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

  /**
   * Seed J2-8243 at start when the database has no incident yet. Default: yes outside
   * production, no in production (there it is a deliberate choice).
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['true', 'false'])
  SEED_ON_START?: 'true' | 'false';

  /** Bearer token Prometheus sends to GET /metrics; unset: /metrics answers 404. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  @MaxLength(512)
  @Matches(/^[\x21-\x7e]+$/, { message: 'must be printable ASCII without spaces' })
  METRICS_TOKEN?: string;

  /**
   * Which proxies in front of the service to believe about the client address
   * (X-Forwarded-For): a number of hops, or addresses and CIDR ranges separated by commas
   * (`loopback`, `linklocal` and `uniquelocal` name the usual ranges). Unset or `false`: none,
   * the socket's peer is the client.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(TRUST_PROXY_SYNTAX, {
    message:
      'must be false, a number of hops (1 to 10), or IP addresses / CIDR ranges separated by commas',
  })
  TRUST_PROXY?: string;

  /** Serve the OpenAPI UI (/docs) and document (/docs-json). Default: outside production only. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['true', 'false'])
  DOCS_ENABLED?: 'true' | 'false';

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

  get logFormat(): 'json' | 'pretty' {
    return this.LOG_FORMAT ?? (this.NODE_ENV === 'development' ? 'pretty' : 'json');
  }

  get seedOnStart(): boolean {
    return (this.SEED_ON_START ?? (this.production ? 'false' : 'true')) === 'true';
  }

  get docsEnabled(): boolean {
    return (this.DOCS_ENABLED ?? (this.production ? 'false' : 'true')) === 'true';
  }

  /** Fastify's `trustProxy`: false, a hop count, or a list of addresses and ranges. */
  get trustProxy(): false | number | string[] {
    const value = this.TRUST_PROXY;
    if (!value || value === 'false') return false;
    if (/^\d+$/.test(value)) return Number(value);
    return value.split(',').map((part) => part.trim());
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

  get mfaRequiredRoles(): ReadonlySet<string> {
    return new Set(
      (this.MFA_REQUIRED_ROLES ?? '')
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    );
  }

  get auditSigningKey(): KeyObject {
    if (!this.AUDIT_SIGNING_KEY) throw new Error('AUDIT_SIGNING_KEY is not set');
    return parseSigningKey(this.AUDIT_SIGNING_KEY);
  }

  /** The public keys of the signing keys used before the current one (none by default). */
  get previousAuditPublicKeys(): KeyObject[] {
    return parsePublicKeys(this.AUDIT_SIGNING_PREVIOUS_PUBLIC_KEYS ?? '');
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

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** One entry of TRUST_PROXY: an address, a CIDR range or one of proxy-addr's names. */
function isProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** An Ed25519 private key from PEM or from base64 PKCS#8 DER; throws on anything else. */
export function parseSigningKey(text: string): KeyObject {
  const key = text.includes('-----BEGIN')
    ? createPrivateKey(text.replace(/\\n/g, '\n'))
    : createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
  return key;
}

/** Comma-separated Ed25519 public keys, each SPKI as PEM (newlines may be written \\n) or base64 DER. */
export function parsePublicKeys(text: string): KeyObject[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const key = entry.includes('-----BEGIN')
        ? createPublicKey(entry.replace(/\\n/g, '\n'))
        : createPublicKey({ key: Buffer.from(entry, 'base64'), format: 'der', type: 'spki' });
      if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
      return key;
    });
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
  if (config.AUDIT_SIGNING_KEY) {
    try {
      parseSigningKey(config.AUDIT_SIGNING_KEY);
    } catch {
      problems.push(
        'AUDIT_SIGNING_KEY: must be an Ed25519 private key (PKCS#8, PEM or base64 DER)',
      );
    }
  }
  if (config.AUDIT_SIGNING_PREVIOUS_PUBLIC_KEYS) {
    try {
      parsePublicKeys(config.AUDIT_SIGNING_PREVIOUS_PUBLIC_KEYS);
    } catch {
      problems.push(
        'AUDIT_SIGNING_PREVIOUS_PUBLIC_KEYS: must be Ed25519 public keys (SPKI, PEM or base64 DER), comma-separated',
      );
    }
  }
  if (config.production) {
    for (const name of [
      'DATABASE_URL',
      'JWT_SECRET',
      'DATA_ENCRYPTION_KEY',
      'AUDIT_SIGNING_KEY',
    ] as const) {
      if (!config[name]) problems.push(`${name}: is required when NODE_ENV=production`);
    }
  }
  problems.push(...crossFieldProblems(config));
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return config;
}

/**
 * Rules between settings, checked with the rest before anything touches the database: a start
 * with a setting it would refuse later (a weak ADMIN_PASSWORD, an s3 driver without a bucket)
 * stops here, before migrations or the seed run.
 */
function crossFieldProblems(config: AppConfig): string[] {
  const problems: string[] = [];
  if (config.ADMIN_PASSWORD !== undefined) {
    if (!config.ADMIN_EMAIL) {
      problems.push('ADMIN_PASSWORD: is set without ADMIN_EMAIL');
    } else {
      const problem = passwordProblem(config.ADMIN_PASSWORD, [config.ADMIN_EMAIL.toLowerCase()]);
      if (problem) problems.push(`ADMIN_PASSWORD: ${problem}`);
    }
  }
  if (config.DATABASE_REPLICA_URL && !config.DATABASE_URL) {
    problems.push(
      'DATABASE_REPLICA_URL: needs DATABASE_URL (the embedded database has no replica)',
    );
  }
  if (config.STORAGE_DRIVER === 's3') {
    if (!config.S3_BUCKET) problems.push('S3_BUCKET: is required when STORAGE_DRIVER=s3');
    if (!config.S3_ACCESS_KEY_ID !== !config.S3_SECRET_ACCESS_KEY) {
      problems.push('S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: set both or neither');
    }
  }
  if (config.TRUST_PROXY && /^\d+$/.test(config.TRUST_PROXY)) {
    const hops = Number(config.TRUST_PROXY);
    if (hops < 1 || hops > 10) problems.push('TRUST_PROXY: a number of hops must be 1 to 10');
  } else if (config.TRUST_PROXY && config.TRUST_PROXY !== 'false') {
    const bad = config.TRUST_PROXY.split(',')
      .map((entry) => entry.trim())
      .filter((entry) => !isProxyEntry(entry));
    if (bad.length > 0) {
      problems.push(`TRUST_PROXY: not an address, CIDR range or known name: ${bad.join(', ')}`);
    }
  }
  return problems;
}
