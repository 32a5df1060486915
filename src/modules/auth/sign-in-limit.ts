import { createHash } from 'node:crypto';

import { Injectable, Logger } from '@nestjs/common';

import type { Actor } from '../../common/auth/actor';
import { RateLimitedError } from '../../common/errors/errors';
import { AppConfig } from '../../config/app-config';
import { RateLimiterService } from './rate-limiter.service';

const WINDOW_MS = 60_000;

/**
 * Consecutive failed proofs of identity (a password at sign-in or at a password change, a TOTP
 * code) per account and per address. After LOGIN_RATE_LIMIT_PER_MINUTE of them within a minute
 * of the first, attempts answer 429 until that minute ends, whatever they carry; a success
 * resets both counts, so signing in often never locks anyone out. Counted in the database:
 * every instance shares the count.
 */
@Injectable()
export class SignInLimit {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly limiter: RateLimiterService,
    private readonly config: AppConfig,
  ) {}

  /** The account key is a hash of the normalised email: no address in the table. */
  keys(actor: Actor, email: string): string[] {
    const account = createHash('sha256').update(email).digest('hex').slice(0, 32);
    return [`login:account:${account}`, `login:address:${actor.ip ?? 'unknown'}`];
  }

  async refuseWhileLocked(actor: Actor, keys: readonly string[]): Promise<void> {
    const { hits, resetsInMs } = await this.limiter.peek(keys);
    if (hits < this.config.LOGIN_RATE_LIMIT_PER_MINUTE) return;
    // Audited as a 429 in the aggregated access.denied events, not one chain append each.
    this.logger.warn({ requestId: actor.requestId, ip: actor.ip }, 'Sign-in rate limited');
    const seconds = Math.max(1, Math.ceil(resetsInMs / 1000));
    throw new RateLimitedError(seconds, `Too many failed sign-in attempts; retry in ${seconds} s`);
  }

  async countFailure(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.limiter.hit(key, WINDOW_MS)));
  }

  reset(keys: readonly string[]): Promise<void> {
    return this.limiter.reset(keys);
  }
}
