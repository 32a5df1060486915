import { Injectable } from '@nestjs/common';

/** Set when SIGTERM arrives: health answers `shutting_down` so balancers stop sending work. */
@Injectable()
export class ShutdownState {
  private since: Date | null = null;

  begin(): void {
    this.since ??= new Date();
  }

  get shuttingDown(): boolean {
    return this.since !== null;
  }
}
