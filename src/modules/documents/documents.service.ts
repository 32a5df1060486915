import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DataSource, EntityManager, Repository } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { updateIfVersion } from '../../common/database/conditional-update';
import { invalid, notFound, preconditionFailed } from '../../common/errors/errors';
import { mapPage, Page, PageQueryDto, paginate } from '../../common/pagination/pagination';
import { redactForAuditor } from '../../common/privacy/redact';
import { AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import { ClaimNotifier } from '../notifications/claim-notifier';
import { diffChanges } from '../audit/domain/audit-chain';
import { claimantScope } from '../claimants/access-scope';
import { findVisibleClaim } from '../claims/claim-access';
import { Claim } from '../claims/claim.entity';
import { ClaimDocument } from './document.entity';
import { DocumentErrorCode, DocumentRuleError } from './domain/document-errors';
import { checkReview, claimAcceptsDocuments } from './domain/document-review';
import { DocumentStatus } from './domain/document-status';
import { maskFileName, neutraliseFileName, withExtensionFor } from './domain/file-name';
import { detectFileType } from './domain/file-type';
import {
  DocumentResponseDto,
  ReviewDocumentDto,
  UploadDocumentFieldsDto,
} from './dto/document.dto';
import type { UploadPart } from './multipart-upload';
import { DOCUMENT_STORAGE } from './storage/document-storage';
import type { DocumentStorage, StagedFile } from './storage/document-storage';
import { fileTooLarge, UploadInspector } from './upload-inspector';

/** Staged files older than this were left by a crash mid-upload. */
const STALE_STAGED_MS = 24 * 3600 * 1000;

/** The file name often names a person: it never enters the audit log in clear. */
const PERSONAL = ['fileName'];

export interface DocumentContent {
  stream: Readable;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
}

interface ReceivedUpload {
  staged: StagedFile;
  fileName: string | undefined;
  inspector: UploadInspector;
  fields: Record<string, string>;
}

export function toDocumentResponse(d: ClaimDocument, actor: Actor): DocumentResponseDto {
  return {
    id: d.id,
    claimId: d.claimId,
    claimantId: d.claimantId,
    type: d.type,
    fileName: actor.role === Role.Auditor ? maskFileName(d.fileName) : d.fileName,
    mimeType: d.mimeType,
    sizeBytes: d.sizeBytes,
    sha256: d.sha256,
    status: d.status,
    uploadedBy: d.uploadedBy,
    reviewedBy: d.reviewedBy,
    reviewedAt: d.reviewedAt?.toISOString() ?? null,
    reviewReason: redactForAuditor(actor, d.reviewReason),
    version: d.version,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

@Injectable()
export class DocumentsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DocumentsService.name);

  constructor(
    @InjectRepository(ClaimDocument) private readonly documents: Repository<ClaimDocument>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly notifier: ClaimNotifier,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const swept = await this.storage.sweepStaged(STALE_STAGED_MS);
      if (swept > 0)
        this.logger.warn(`Removed ${swept} staged upload(s) left by an interrupted run`);
    } catch (error) {
      this.logger.error({ err: error }, 'Could not sweep staged uploads');
    }
  }

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

  /**
   * Stages the file while hashing it, checks its type by its own bytes, then inserts the row
   * and its audit event in one transaction, moving the file under its final key just before
   * the commit. Any failure removes whatever file was written, so a refused or failed upload
   * leaves neither a row nor a file.
   */
  async upload(
    actor: Actor,
    claimId: string,
    parts: AsyncIterable<UploadPart>,
  ): Promise<DocumentResponseDto> {
    // Refuse early, before reading the body, when the claim is invisible or closed.
    await this.requireOpenClaim(this.dataSource.manager, actor, claimId, false);
    const upload = await this.receive(parts);
    const placed: { key: string | null } = { key: null };
    try {
      const { type } = validateFields(upload.fields);
      if (upload.inspector.sizeBytes === 0) {
        throw new DocumentRuleError(DocumentErrorCode.FileEmpty, 'The file is empty', 'file');
      }
      const fileType = detectFileType(upload.inspector.head);
      if (!fileType) {
        throw new DocumentRuleError(
          DocumentErrorCode.FileTypeNotAllowed,
          'Only PDF, JPEG and PNG files are accepted (recognised by their content, not their name)',
          'file',
        );
      }
      const fileName = withExtensionFor(neutraliseFileName(upload.fileName), fileType);
      return await this.dataSource.transaction(async (manager) => {
        const claim = await this.requireOpenClaim(manager, actor, claimId, true);
        const document = manager.create(ClaimDocument, {
          claimId,
          claimantId: null,
          type,
          fileName,
          mimeType: fileType.mimeType,
          sizeBytes: upload.inspector.sizeBytes,
          sha256: upload.inspector.sha256,
          storageKey: randomUUID(),
          status: DocumentStatus.Received,
          uploadedBy: actor.userId,
        });
        await manager.insert(ClaimDocument, document);
        const saved = await manager.findOneByOrFail(ClaimDocument, { id: document.id });
        await this.storage.commit(upload.staged, saved.storageKey);
        placed.key = saved.storageKey;
        await this.notifier.documentUploaded(manager, actor, claim, saved);
        await this.audit.record(manager, actor, {
          action: 'document.upload',
          entityType: 'document',
          entityId: saved.id,
          changes: diffChanges(null, auditable(saved), PERSONAL),
        });
        return toDocumentResponse(saved, actor);
      });
    } catch (error) {
      await this.removeQuietly(upload.staged, placed.key);
      throw error;
    }
  }

  /** Opens the file for a permitted reader; the read of personal evidence is audited. */
  async content(actor: Actor, id: string): Promise<DocumentContent> {
    const document = await this.findVisible(this.dataSource.manager, actor, id);
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
      const { claimId } = await this.findVisible(manager, actor, id);
      const claim = claimId
        ? await manager
            .createQueryBuilder(Claim, 'claim')
            .select(['claim.id', 'claim.status'])
            .where('claim.id = :claimId', { claimId })
            .setLock('pessimistic_read')
            .getOneOrFail()
        : null;
      const before = await this.findVisible(manager, actor, id, true);
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
        changes: diffChanges(reviewed(before), reviewed(after), ['reviewReason']),
      });
      return toDocumentResponse(after, actor);
    });
  }

  /** The document, or 404 when it does not exist or lies outside a lawyer's clients. */
  private async findVisible(
    manager: EntityManager,
    actor: Actor,
    id: string,
    lock = false,
  ): Promise<ClaimDocument> {
    const qb = manager
      .createQueryBuilder(ClaimDocument, 'document')
      .leftJoin(Claim, 'claim', 'claim.id = document.claimId')
      .where('document.id = :id', { id });
    const scope = claimantScope(actor, 'COALESCE(claim.claimantId, document.claimantId)');
    if (scope) qb.andWhere(scope.sql, scope.params);
    if (lock) qb.setLock('pessimistic_write', undefined, ['document']);
    const document = await qb.getOne();
    if (!document) throw notFound('Document');
    return document;
  }

  private async requireOpenClaim(
    manager: EntityManager,
    actor: Actor,
    claimId: string,
    lock: boolean,
  ): Promise<Claim> {
    const claim = await findVisibleClaim(manager, actor, claimId, { lock });
    if (!claimAcceptsDocuments(claim.status)) {
      throw new DocumentRuleError(
        DocumentErrorCode.ClaimClosed,
        `The claim is ${claim.status}: documents can no longer be added`,
      );
    }
    return claim;
  }

  /** Reads the form, staging the file; on any failure the staged file is removed. */
  private async receive(parts: AsyncIterable<UploadPart>): Promise<ReceivedUpload> {
    const fields: Record<string, string> = {};
    let file: Omit<ReceivedUpload, 'fields'> | undefined;
    try {
      for await (const part of parts) {
        if (part.kind === 'field') {
          if (Object.hasOwn(fields, part.name) || part.truncated) {
            throw invalid('The upload has invalid fields', [
              { field: part.name, message: 'must be sent once, and short' },
            ]);
          }
          fields[part.name] = part.value;
          continue;
        }
        if (part.name !== 'file') {
          throw invalid('The upload has invalid fields', [
            { field: part.name, message: 'the file must be sent in the field "file"' },
          ]);
        }
        const inspector = new UploadInspector(this.config.UPLOAD_LIMIT_BYTES);
        const staged = await this.storage.stage(inspector.inspect(part.content));
        file = { staged, fileName: part.fileName, inspector };
        if (part.content.truncated) throw fileTooLarge(this.config.UPLOAD_LIMIT_BYTES);
      }
    } catch (error) {
      if (file) await this.removeQuietly(file.staged, null);
      throw error;
    }
    if (!file) {
      throw new DocumentRuleError(
        DocumentErrorCode.FileRequired,
        'The upload has no file: send it in the multipart field "file"',
        'file',
      );
    }
    return { ...file, fields };
  }

  /** Cleanup after a failure must not hide the failure: problems are logged only. */
  private async removeQuietly(staged: StagedFile, key: string | null): Promise<void> {
    try {
      await this.storage.discard(staged);
      if (key) await this.storage.remove(key);
    } catch (error) {
      this.logger.error({ err: error, key }, 'Could not remove the file of a failed upload');
    }
  }
}

function validateFields(fields: Record<string, string>): UploadDocumentFieldsDto {
  const dto = plainToInstance(UploadDocumentFieldsDto, fields);
  const errors = validateSync(dto, {
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) {
    throw invalid(
      'The upload has invalid fields',
      errors.flatMap((e) =>
        Object.values(e.constraints ?? {}).map((message) => ({ field: e.property, message })),
      ),
    );
  }
  return dto;
}

function auditable(d: ClaimDocument): Record<string, unknown> {
  return {
    claimId: d.claimId,
    claimantId: d.claimantId,
    type: d.type,
    fileName: d.fileName,
    mimeType: d.mimeType,
    sizeBytes: d.sizeBytes,
    sha256: d.sha256,
    status: d.status,
  };
}

function reviewed(d: ClaimDocument): Record<string, unknown> {
  return {
    status: d.status,
    reviewedBy: d.reviewedBy,
    reviewedAt: d.reviewedAt,
    reviewReason: d.reviewReason,
  };
}
