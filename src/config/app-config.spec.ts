import { createPublicKey, generateKeyPairSync } from 'node:crypto';

import { ConfigError, loadConfig } from './app-config';
import { newAuditSigningKey } from './local-secrets';

describe('loadConfig', () => {
  it('applies defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.embedded).toBe(true);
    expect(config.BODY_LIMIT_BYTES).toBe(1024 * 1024);
  });

  it('names a malformed variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL: must be a postgres/,
    );
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET: must be at least 32/);
    expect(() => loadConfig({ DATA_ENCRYPTION_KEY: 'bm90LWEta2V5' })).toThrow(
      /DATA_ENCRYPTION_KEY/,
    );
  });

  it('requires the secrets and a server in production', () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/DATABASE_URL: is required/);
    expect(message).toMatch(/JWT_SECRET: is required/);
    expect(message).toMatch(/DATA_ENCRYPTION_KEY: is required/);
    expect(message).toMatch(/AUDIT_SIGNING_KEY: is required/);
  });

  it('reads the security settings of section 12 and refuses malformed ones', () => {
    const defaults = loadConfig({});
    expect(defaults.ANONYMOUS_RATE_LIMIT_PER_MINUTE).toBe(60);
    expect(defaults.SESSION_MAX_SECONDS).toBe(7 * 24 * 3600);
    expect(defaults.AUDIT_CHECKPOINT_EVERY).toBe(1000);
    expect([...defaults.mfaRequiredRoles]).toEqual([]);
    expect([...loadConfig({ MFA_REQUIRED_ROLES: 'admin, auditor' }).mfaRequiredRoles]).toEqual([
      'admin',
      'auditor',
    ]);
    expect(() => loadConfig({ MFA_REQUIRED_ROLES: 'admin,root' })).toThrow(/MFA_REQUIRED_ROLES/);
    expect(() => loadConfig({ AUDIT_SIGNING_KEY: 'bm90LWEta2V5' })).toThrow(/AUDIT_SIGNING_KEY/);
    const key = newAuditSigningKey();
    expect(loadConfig({ AUDIT_SIGNING_KEY: key }).auditSigningKey.asymmetricKeyType).toBe(
      'ed25519',
    );
  });

  it('takes the public keys of earlier audit signing keys, as PEM or base64 DER', () => {
    const publicOf = (key: string) =>
      createPublicKey(loadConfig({ AUDIT_SIGNING_KEY: key }).auditSigningKey);
    const [a, b] = [publicOf(newAuditSigningKey()), publicOf(newAuditSigningKey())];
    const pemEscaped = a.export({ type: 'spki', format: 'pem' }).toString().replace(/\n/g, '\\n');
    const der = b.export({ type: 'spki', format: 'der' }).toString('base64');
    const keys = loadConfig({
      AUDIT_SIGNING_PREVIOUS_PUBLIC_KEYS: `${pemEscaped}, ${der}`,
    }).previousAuditPublicKeys;
    expect(keys.map((k) => k.equals(a) || k.equals(b))).toEqual([true, true]);
    expect(loadConfig({}).previousAuditPublicKeys).toEqual([]);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    for (const bad of [
      'bm90LWEta2V5',
      rsa.export({ type: 'spki', format: 'der' }).toString('base64'),
    ]) {
      expect(() => loadConfig({ AUDIT_SIGNING_PREVIOUS_PUBLIC_KEYS: bad })).toThrow(
        /AUDIT_SIGNING_PREVIOUS_PUBLIC_KEYS/,
      );
    }
  });

  it('accepts a complete production configuration', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://app@db:5432/claims',
      JWT_SECRET: 'x'.repeat(40),
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      AUDIT_SIGNING_KEY: newAuditSigningKey(),
    });
    expect(config.embedded).toBe(false);
    expect(config.dataEncryptionKey).toHaveLength(32);
  });

  it('stores documents under ./data/storage, 20 MiB at most, unless told otherwise', () => {
    const config = loadConfig({});
    expect(config.STORAGE_DIR).toBe('./data/storage');
    expect(config.UPLOAD_LIMIT_BYTES).toBe(20 * 1024 * 1024);
    expect(loadConfig({ UPLOAD_LIMIT_BYTES: '1048576' }).UPLOAD_LIMIT_BYTES).toBe(1048576);
    expect(() => loadConfig({ UPLOAD_LIMIT_BYTES: '20MB' })).toThrow(/UPLOAD_LIMIT_BYTES/);
    expect(() => loadConfig({ UPLOAD_LIMIT_BYTES: '0' })).toThrow(/UPLOAD_LIMIT_BYTES/);
    expect(() => loadConfig({ STORAGE_DIR: '' })).toThrow(/STORAGE_DIR/);
  });
});

describe('loadConfig: operations settings', () => {
  const email = 'admin@example.org';

  it('refuses an ADMIN_PASSWORD the password policy refuses, before anything else runs', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: email, ADMIN_PASSWORD: 'password1234' })).toThrow(
      /ADMIN_PASSWORD: is too common/,
    );
    expect(() => loadConfig({ ADMIN_EMAIL: email, ADMIN_PASSWORD: 'admin-example-org-x' })).toThrow(
      /ADMIN_PASSWORD: must not contain your email address/,
    );
    expect(() => loadConfig({ ADMIN_PASSWORD: 'Orchard-Lantern-Basalt-77' })).toThrow(
      /ADMIN_PASSWORD: is set without ADMIN_EMAIL/,
    );
    expect(
      loadConfig({ ADMIN_EMAIL: email, ADMIN_PASSWORD: 'Orchard-Lantern-Basalt-77' })
        .ADMIN_PASSWORD,
    ).toBe('Orchard-Lantern-Basalt-77');
  });

  it('seeds and serves the OpenAPI documents by default outside production only', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://app@db:5432/claims',
      JWT_SECRET: 'x'.repeat(40),
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      AUDIT_SIGNING_KEY: newAuditSigningKey(),
    };
    expect(loadConfig({})).toMatchObject({ seedOnStart: true, docsEnabled: true });
    expect(loadConfig(production)).toMatchObject({ seedOnStart: false, docsEnabled: false });
    expect(
      loadConfig({ ...production, SEED_ON_START: 'true', DOCS_ENABLED: 'true' }),
    ).toMatchObject({ seedOnStart: true, docsEnabled: true });
    expect(loadConfig({ SEED_ON_START: 'false' }).seedOnStart).toBe(false);
  });

  it('writes pretty logs in development and JSON elsewhere unless told', () => {
    expect(loadConfig({}).logFormat).toBe('pretty');
    expect(loadConfig({ NODE_ENV: 'test' }).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });

  it('needs a bucket for the s3 driver, and both keys or neither', () => {
    expect(loadConfig({}).STORAGE_DRIVER).toBe('local');
    expect(() => loadConfig({ STORAGE_DRIVER: 's3' })).toThrow(/S3_BUCKET: is required/);
    expect(() =>
      loadConfig({ STORAGE_DRIVER: 's3', S3_BUCKET: 'docs', S3_ACCESS_KEY_ID: 'key' }),
    ).toThrow(/set both or neither/);
    expect(() => loadConfig({ STORAGE_DRIVER: 'ftp' })).toThrow(/STORAGE_DRIVER/);
    expect(() => loadConfig({ STORAGE_DRIVER: 's3', S3_BUCKET: 'Not_A_Bucket' })).toThrow(
      /S3_BUCKET/,
    );
    expect(loadConfig({ STORAGE_DRIVER: 's3', S3_BUCKET: 'j2-docs' }).S3_REGION).toBe('us-east-1');
  });

  it('takes a replica only beside a PostgreSQL server', () => {
    expect(() => loadConfig({ DATABASE_REPLICA_URL: 'postgres://r:5432/x' })).toThrow(
      /DATABASE_REPLICA_URL: needs DATABASE_URL/,
    );
    expect(
      loadConfig({
        DATABASE_URL: 'postgres://p:5432/x',
        DATABASE_REPLICA_URL: 'postgres://r:5432/x',
        JWT_SECRET: 'x'.repeat(40),
      }).DATABASE_REPLICA_URL,
    ).toBe('postgres://r:5432/x');
  });

  it('reads TRUST_PROXY as hops or addresses and ranges, never "trust everyone"', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.4,loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '192.168.1.4',
      'loopback',
    ]);
    expect(loadConfig({ TRUST_PROXY: 'fd00::/8' }).trustProxy).toEqual(['fd00::/8']);
    for (const bad of ['true', '0', '11', '10.0.0.0/33', '10.0.0', 'example.org', '1.2.3.4/8/1']) {
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    }
  });

  it('wants a long metrics token', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({ METRICS_TOKEN: 'm'.repeat(32) }).METRICS_TOKEN).toHaveLength(32);
  });
});
