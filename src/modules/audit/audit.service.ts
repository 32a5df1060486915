import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { Actor } from '../../common/auth/actor';
import { execute, queryRows, sql } from '../../common/database/sql';
import { AuditCheckpointsService } from './audit-checkpoints.service';
import { AuditEvent } from './audit-event.entity';
import { AUDIT_APPEND_LOCK, ChainedEventBody, chainHash, GENESIS_HASH } from './domain/audit-chain';

export interface AuditInput {
  action: string;
  entityType: string;
  entityId: string | null;
  changes?: Record<string, unknown>;
}

@Injectable()
export class AuditService {
  /** Start-up tools (seed, bootstrap users) build one without checkpoints: the hourly one covers them. */
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Optional() private readonly checkpoints?: AuditCheckpointsService,
  ) {}

  /**
   * Appends one event through the caller's transaction, so the change and its event commit or
   * roll back together. Call it last in the transaction: the append lock is held until commit.
   */
  async record(manager: EntityManager, actor: Actor, input: AuditInput): Promise<AuditEvent> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('Audit events must be written inside the transaction of their change');
    }
    await execute(manager, sql(`SELECT pg_advisory_xact_lock(:lock)`, { lock: AUDIT_APPEND_LOCK }));
    const [last] = await queryRows<{ seq: string; hash: string }>(
      manager,
      sql(`SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1`),
    );
    const body: ChainedEventBody = {
      seq: String(BigInt(last?.seq ?? 0) + 1n),
      occurredAt: new Date().toISOString(),
      actorId: actor.userId,
      actorRole: actor.role,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      requestId: actor.requestId,
      ...(actor.clientRequestId ? { clientRequestId: actor.clientRequestId } : {}),
      ip: actor.ip,
      changes: input.changes ?? {},
    };
    const prevHash = last?.hash ?? GENESIS_HASH;
    const event = manager.create(AuditEvent, {
      ...body,
      clientRequestId: body.clientRequestId ?? null,
      occurredAt: new Date(body.occurredAt),
      prevHash,
      hash: chainHash(prevHash, body),
    });
    await execute(
      manager,
      sql(
        `INSERT INTO audit_events (seq, occurred_at, actor_id, actor_role, action, entity_type,
         entity_id, request_id, client_request_id, ip, changes, prev_hash, hash)
       VALUES (:seq, :occurredAt, :actorId, :actorRole, :action, :entityType, :entityId, :requestId, :clientRequestId, :ip, :p11, :prevHash, :hash)`,
        {
          seq: event.seq,
          occurredAt: event.occurredAt,
          actorId: event.actorId,
          actorRole: event.actorRole,
          action: event.action,
          entityType: event.entityType,
          entityId: event.entityId,
          requestId: event.requestId,
          clientRequestId: event.clientRequestId,
          ip: event.ip,
          p11: JSON.stringify(event.changes),
          prevHash: event.prevHash,
          hash: event.hash,
        },
      ),
    );
    if (this.checkpoints?.due(event.seq)) {
      await this.checkpoints.insert(manager, event.seq, event.hash);
    }
    return event;
  }

  /** For events with no change of their own: logins, denied requests, reads of personal data. */
  async recordAlone(actor: Actor, input: AuditInput): Promise<AuditEvent> {
    return this.dataSource.transaction((manager) => this.record(manager, actor, input));
  }
}
