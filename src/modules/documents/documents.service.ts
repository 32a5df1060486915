import type { Readable } from 'node:stream';

import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';

import type { Actor } from '../../common/auth/actor';
import { updateIfVersion } from '../../common/database/conditional-update';
import { preconditionFailed } from '../../common/errors/errors';
import { mapPage, Page, PageQueryDto, paginate } from '../../common/pagination/pagination';
import { AuditService } from '../audit/audit.service';
import { diffChanges } from '../audit/domain/audit-chain';
import { Claim } from '../claims/claim.entity';
import { findVisibleClaim } from '../claims/claim-access';
import { ClaimDocument } from './document.entity';
import { findVisibleDocument } from './document-access';
import { auditableReview, toDocumentResponse } from './document-views';
import { checkReview } from './domain/document-review';
import { DocumentResponseDto, ReviewDocumentDto } from './dto/document.dto';
import type { DocumentStorage } from './storage/document-storage';
import { DOCUMENT_STORAGE } from './storage/document-storage';

export interface DocumentContent {
  stream: Readable;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
}

/** Listing, reading and reviewing documents; uploads go through DocumentUploadService. */
@Injectable()
export class DocumentsService {
  constructor(
    @InjectRepository(ClaimDocument) private readonly documents: Repository<ClaimDocument>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
    private readonly audit: AuditService,
  ) {}

  async list(
    actor: Actor,
    claimId: string,
    query: PageQueryDto,
  ): Promise<Page<DocumentResponseDto>> {
    await findVisibleClaim(this.dataSource.manager, actor, claimId);
    const qb = this.documents
      .createQueryBuilder('document')
      .where('document.claimId = :claimId', { claimId });
    return mapPage(await paginate(qb, query), (d) => toDocumentResponse(d, actor));
  }

  /** Opens the file for a permitted reader; the read of personal evidence is audited. */
  async content(actor: Actor, id: string): Promise<DocumentContent> {
    const document = await findVisibleDocument(this.dataSource.manager, actor, id);
    const stream = await this.storage.open(document.storageKey);
    try {
      await this.audit.recordAlone(actor, {
        action: 'document.read_content',
        entityType: 'document',
        entityId: id,
        changes: {},
      });
    } catch (error) {
      stream.destroy();
      throw error;
    }
    return {
      stream,
      fileName: document.fileName,
      mimeType: document.mimeType,
      sizeBytes: document.sizeBytes,
    };
  }

  async review(
    actor: Actor,
    id: string,
    expectedVersion: number | undefined,
    dto: ReviewDocumentDto,
  ): Promise<DocumentResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      // Lock order claim, then document, as uploads do: the claim's status cannot change
      // under the review, and an assessment sees every review either before or after.
      const { claimId } = await findVisibleDocument(manager, actor, id);
      const claim = claimId
        ? await manager
            .createQueryBuilder(Claim, 'claim')
            .select(['claim.id', 'claim.status'])
            .where('claim.id = :claimId', { claimId })
            .setLock('pessimistic_read')
            .getOneOrFail()
        : null;
      const before = await findVisibleDocument(manager, actor, id, true);
      if (expectedVersion !== undefined && expectedVersion !== before.version) {
        throw preconditionFailed();
      }
      const reason = checkReview(before.status, claim?.status ?? null, dto);
      const after = await updateIfVersion(manager, ClaimDocument, id, before.version, {
        status: dto.status,
        reviewedBy: actor.userId,
        reviewedAt: new Date(),
        reviewReason: reason,
      });
      await this.audit.record(manager, actor, {
        action: 'document.review',
        entityType: 'document',
        entityId: id,
        // A reason may describe the evidence (a diagnosis, a family matter): only that it changed.
        changes: diffChanges(auditableReview(before), auditableReview(after), ['reviewReason']),
      });
      return toDocumentResponse(after, actor);
    });
  }
}
