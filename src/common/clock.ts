import { Global, Injectable, Module } from '@nestjs/common';

/**
 * The current time, injected so that date arithmetic (deadlines, days in status) can be tested
 * at a chosen instant: tests replace `now` on the app's single instance with
 * `jest.spyOn(app.get(Clock), 'now').mockReturnValue(...)`. There is deliberately no
 * environment variable to fake the time, so production code has no test-only path.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

/** Global so that every feature injects the same instance (and a test overrides it once). */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
