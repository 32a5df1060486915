import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';

import { AppConfig } from '../../config/app-config';
import { AuditVerificationService, VerificationJob } from '../audit/audit-verification.service';
import { JobName, JobQueue } from '../jobs/job-queue';
import { EmailTransport } from './delivery/email-transport';
import { OutboxDelivery } from './delivery/outbox-delivery';
import { ReminderSweep } from './reminders/reminder-sweep';

/** Reminders are a matter of days: an hourly sweep is plenty (minute 7, away from the hour). */
export const REMINDERS_CRON = '7 * * * *';
/** The whole audit chain is verified once a night too, and a break is logged as an error. */
export const AUDIT_VERIFICATION_CRON = '17 3 * * *';

/**
 * The background worker: outbox delivery, and the job queue's reminders and audit
 * verifications. Runs inside the app with WORKER_ENABLED=true (the default) and alone with
 * `npm run worker`; any number of them share the work. Stops before the pool closes.
 */
@Injectable()
export class BackgroundWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private started = false;

  constructor(
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly delivery: OutboxDelivery,
    private readonly reminders: ReminderSweep,
    private readonly verifications: AuditVerificationService,
    private readonly email: EmailTransport,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.workerEnabled) return;
    this.started = true;
    this.email.announce();
    await this.jobs.work<Partial<VerificationJob>>(JobName.AuditVerification, (job) =>
      this.verifications.run(job),
    );
    await this.jobs.work(JobName.Reminders, async () => {
      await this.reminders.run();
    });
    await this.jobs.schedule(JobName.Reminders, REMINDERS_CRON);
    await this.jobs.schedule(JobName.AuditVerification, AUDIT_VERIFICATION_CRON);
    this.delivery.start();
    this.logger.log('Background worker started: outbox delivery, reminders, audit verification');
  }

  /**
   * Runs before the listener closes, so it waits little: the messages in flight (each bounded
   * by its own timeouts), at most two seconds; anything cut short is delivered again later
   * under the same id, by this process's successor or another worker.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const grace = Math.max(1000, Math.min(this.config.SHUTDOWN_GRACE_MS / 2, 2000));
    if (this.started) await this.delivery.stop(grace);
    await this.jobs.stop(grace);
  }
}
