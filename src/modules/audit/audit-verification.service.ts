import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import type { Actor } from '../../common/auth/actor';
import { execute, sql } from '../../common/database/sql';
import { DomainError } from '../../common/errors/domain-error';
import { notFound } from '../../common/errors/errors';
import { AppConfig } from '../../config/app-config';
import { JobName, JobQueue } from '../jobs/job-queue';
import { auditHead, verifyAuditChain } from './audit-chain-verification';
import { AuditCheckpointsService } from './audit-checkpoints.service';
import { AuditVerification, AuditVerificationStatus } from './audit-verification.entity';
import { ChainVerification } from './domain/audit-chain';

/** Serialises the "join the queued run or queue one" decision between requests and processes. */
const REQUEST_LOCK = 824_320_241_226;

export enum AuditVerificationErrorCode {
  Failed = 'AUDIT_VERIFICATION_FAILED',
}

export interface VerificationJob {
  verificationId: string;
}

export type VerificationAnswer =
  | { done: true; result: ChainVerification }
  | {
      done: false;
      pending: { verificationId: string; status: AuditVerificationStatus; checked: number };
    };

/**
 * Audit chain verification as a background job (docs/api.md#notifications-and-webhooks). A request gets the
 * result of a run that started after it arrived: it joins a run still queued, or queues one,
 * and waits (holding no connection) up to AUDIT_VERIFICATION_WAIT_MS. A log too long for that
 * answers 202 with the run's id, to ask for again (`?id=`).
 */
@Injectable()
export class AuditVerificationService {
  private readonly logger = new Logger('AuditVerification');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
    private readonly checkpoints: AuditCheckpointsService,
  ) {}

  async answer(actor: Actor, id?: string): Promise<VerificationAnswer> {
    const verificationId = id ?? (await this.request(actor.userId));
    const deadline = Date.now() + this.config.AUDIT_VERIFICATION_WAIT_MS;
    for (let pause = 25; ; pause = Math.min(pause * 2, 500)) {
      const run = await this.dataSource.manager.findOneBy(AuditVerification, {
        id: verificationId,
      });
      if (!run) throw notFound('Verification');
      if (run.status === AuditVerificationStatus.Done) {
        return {
          done: true,
          result: { valid: run.valid!, checked: run.checked, firstInvalidSeq: run.firstInvalidSeq },
        };
      }
      if (run.status === AuditVerificationStatus.Failed) {
        throw new DomainError(
          AuditVerificationErrorCode.Failed,
          503,
          'The verification could not be completed; ask again to start another',
        );
      }
      if (Date.now() >= deadline) {
        return {
          done: false,
          pending: { verificationId, status: run.status, checked: run.checked },
        };
      }
      await new Promise((done) => setTimeout(done, Math.min(pause, deadline - Date.now())));
    }
  }

  /** The id of a run still queued, or of a new one: it will start after this call. */
  async request(requestedBy: string | null): Promise<string> {
    const id = await this.dataSource.transaction(async (manager) => {
      await execute(manager, sql(`SELECT pg_advisory_xact_lock(:lock)`, { lock: REQUEST_LOCK }));
      const queued = await manager.findOne(AuditVerification, {
        where: { status: AuditVerificationStatus.Queued },
        order: { requestedAt: 'ASC' },
      });
      if (queued) return queued.id;
      const run = manager.create(AuditVerification, { requestedBy });
      await manager.insert(AuditVerification, run);
      await this.jobs.send(manager, JobName.AuditVerification, { verificationId: run.id });
      return run.id;
    });
    this.jobs.notify(JobName.AuditVerification);
    return id;
  }

  /**
   * The job: checks the chain up to its head at start, recording progress as it goes. A job
   * without a run (the daily schedule's) records a run of its own.
   */
  async run(job: Partial<VerificationJob>): Promise<void> {
    if (!job.verificationId) {
      const run = this.dataSource.manager.create(AuditVerification, { requestedBy: null });
      await this.dataSource.manager.insert(AuditVerification, run);
      return this.run({ verificationId: run.id });
    }
    // Checkpoints first, then the head: a checkpoint signed in between is not above the head.
    const checkpoints = await this.checkpoints.all();
    const head = await auditHead(this.dataSource);
    const { count: started } = await execute(
      this.dataSource,
      sql(
        `UPDATE audit_verifications SET status = 'running', started_at = now(), up_to_seq = :head
        WHERE id = :verificationId AND status = 'queued' RETURNING id`,
        { verificationId: job.verificationId, head },
      ),
    );
    if (started === 0) return;
    try {
      const result = await verifyAuditChain(this.dataSource, head, checkpoints, (checked) =>
        execute(
          this.dataSource,
          sql(`UPDATE audit_verifications SET checked = :checked WHERE id = :verificationId`, {
            verificationId: job.verificationId,
            checked,
          }),
        ).then(() => undefined),
      );
      await execute(
        this.dataSource,
        sql(
          `UPDATE audit_verifications
            SET status = 'done', finished_at = now(), checked = :checked, valid = :valid, first_invalid_seq = :firstInvalidSeq
          WHERE id = :verificationId`,
          {
            verificationId: job.verificationId,
            checked: result.checked,
            valid: result.valid,
            firstInvalidSeq: result.firstInvalidSeq,
          },
        ),
      );
      if (!result.valid) {
        this.logger.error(
          `The audit chain is broken at seq ${result.firstInvalidSeq} (verification ${job.verificationId})`,
        );
      }
    } catch (error) {
      await execute(
        this.dataSource,
        sql(
          `UPDATE audit_verifications SET status = 'failed', finished_at = now(), error = :error WHERE id = :verificationId`,
          {
            verificationId: job.verificationId,
            error: (error instanceof Error ? error.message : String(error)).slice(0, 500),
          },
        ),
      );
      throw error;
    }
  }
}
