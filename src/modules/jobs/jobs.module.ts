import { Global, Module } from '@nestjs/common';

import { JobQueue } from './job-queue';

/** Global: any feature may send a job through its own transaction. */
@Global()
@Module({ providers: [JobQueue], exports: [JobQueue] })
export class JobsModule {}
