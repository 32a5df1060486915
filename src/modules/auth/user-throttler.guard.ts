import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

import type { RequestUser } from '../../common/auth/decorators';

/** The general limit counts per user once signed in, per address before. */
@Injectable()
export class UserThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const user = req.user as RequestUser | undefined;
    return user ? `user:${user.id}` : `ip:${String(req.ip)}`;
  }

  /**
   * Per route and caller, as the throttler's own key. A signed-in caller's key is kept as plain
   * text (a user id is an opaque identifier, and hashing it cost a SHA-256 per request); an
   * address is still hashed, so the buckets table never holds one.
   */
  protected override generateKey(context: ExecutionContext, tracker: string, name: string): string {
    return tracker.startsWith('user:')
      ? `${context.getClass().name}-${context.getHandler().name}-${name}-${tracker}`
      : super.generateKey(context, tracker, name);
  }
}
