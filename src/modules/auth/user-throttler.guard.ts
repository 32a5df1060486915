import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

import type { RequestUser } from '../../common/auth/decorators';

/** The general limit counts per user once signed in, per address before. */
@Injectable()
export class UserThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const user = req.user as RequestUser | undefined;
    return user ? `user:${user.id}` : `ip:${String(req.ip)}`;
  }
}
