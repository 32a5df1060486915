import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';

import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { notFound } from '../../common/errors/errors';
import { AuditService } from '../audit/audit.service';
import { User } from '../users/user.entity';
import { Claimant } from './claimant.entity';
import { ClaimantErrorCode, ClaimantRuleError } from './domain/claimant-errors';
import { CreateRepresentationDto, RepresentationResponseDto } from './dto/representation.dto';
import { Representation } from './representation.entity';

export function toRepresentationResponse(r: Representation): RepresentationResponseDto {
  return {
    id: r.id,
    claimantId: r.claimantId,
    lawyerId: r.lawyerId,
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt ? r.endedAt.toISOString() : null,
    startedBy: r.startedBy,
    endedBy: r.endedBy,
  };
}

/** Lawyers acting for claimants. Ending a representation keeps its row as history. */
@Injectable()
export class RepresentationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async start(
    actor: Actor,
    claimantId: string,
    dto: CreateRepresentationDto,
  ): Promise<RepresentationResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      await requireClaimant(manager, claimantId);
      const lawyer = await manager.findOneBy(User, { id: dto.lawyerId });
      if (!lawyer || !lawyer.active || lawyer.role !== Role.Lawyer) {
        throw new ClaimantRuleError(
          ClaimantErrorCode.LawyerNotEligible,
          'The representative must be an active user with role lawyer',
          [{ field: 'lawyerId', message: 'not an active lawyer' }],
        );
      }
      // The partial unique index uq_representations_active settles a race between two requests.
      const active = await manager.existsBy(Representation, {
        claimantId,
        lawyerId: dto.lawyerId,
        endedAt: IsNull(),
      });
      if (active) {
        throw new ClaimantRuleError(
          ClaimantErrorCode.RepresentationExists,
          'This lawyer already represents the claimant',
        );
      }
      const representation = manager.create(Representation, {
        claimantId,
        lawyerId: dto.lawyerId,
        startedBy: actor.userId,
        endedAt: null,
        endedBy: null,
      });
      await manager.insert(Representation, representation);
      const saved = await manager.findOneByOrFail(Representation, { id: representation.id });
      await this.audit.record(manager, actor, {
        action: 'representation.start',
        entityType: 'claimant',
        entityId: claimantId,
        changes: {
          representationId: saved.id,
          lawyerId: { before: null, after: saved.lawyerId },
        },
      });
      return toRepresentationResponse(saved);
    });
  }

  async end(
    actor: Actor,
    claimantId: string,
    lawyerId: string,
  ): Promise<RepresentationResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      await requireClaimant(manager, claimantId);
      const result = await manager
        .createQueryBuilder()
        .update(Representation)
        .set({ endedAt: () => 'now()', endedBy: actor.userId })
        .where('claimant_id = :claimantId AND lawyer_id = :lawyerId AND ended_at IS NULL', {
          claimantId,
          lawyerId,
        })
        .returning('id')
        .execute();
      const [row] = result.raw as { id: string }[];
      if (!row) throw notFound('Active representation');
      const ended = await manager.findOneByOrFail(Representation, { id: row.id });
      await this.audit.record(manager, actor, {
        action: 'representation.end',
        entityType: 'claimant',
        entityId: claimantId,
        changes: {
          representationId: ended.id,
          lawyerId: { before: ended.lawyerId, after: null },
        },
      });
      return toRepresentationResponse(ended);
    });
  }
}

async function requireClaimant(manager: EntityManager, id: string): Promise<void> {
  if (!(await manager.existsBy(Claimant, { id }))) throw notFound('Claimant');
}
