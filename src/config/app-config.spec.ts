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
