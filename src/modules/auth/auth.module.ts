import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';

import { AppConfig } from '../../config/app-config';
import { AccessGuard } from './access.guard';
import { AccountSecurityService } from './account-security.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { RateLimiterModule } from './rate-limiter.module';
import { RateLimiterService } from './rate-limiter.service';
import { SignInLimit } from './sign-in-limit';
import { UserThrottlerGuard } from './user-throttler.guard';

@Global()
@Module({
  imports: [
    JwtModule.register({}),
    RateLimiterModule,
    ThrottlerModule.forRootAsync({
      imports: [RateLimiterModule],
      inject: [AppConfig, RateLimiterService],
      useFactory: (config: AppConfig, storage: RateLimiterService) => ({
        throttlers: [{ name: 'api', ttl: 60_000, limit: config.RATE_LIMIT_PER_MINUTE }],
        storage,
        errorMessage: 'Too many requests; slow down and retry shortly',
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    AccountSecurityService,
    SignInLimit,
    // Order matters: authenticate first, so the rate limit can count per user.
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_GUARD, useClass: UserThrottlerGuard },
  ],
  exports: [AuthService, RateLimiterModule],
})
export class AuthModule {}
