import { randomUUID } from 'node:crypto';

import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DataSource } from 'typeorm';

import type { Actor } from '../../common/auth/actor';
import { invalid } from '../../common/errors/errors';
import { AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import { diffChanges } from '../audit/domain/audit-chain';
import { ClaimNotifier } from '../notifications/claim-notifier';
import { ClaimDocument } from './document.entity';
import { requireClaimTakingDocuments } from './document-access';
import { auditableUpload, PERSONAL_DOCUMENT_FIELDS, toDocumentResponse } from './document-views';
import { DocumentErrorCode, DocumentRuleError } from './domain/document-errors';
import { DocumentStatus } from './domain/document-status';
import { neutraliseFileName, withExtensionFor } from './domain/file-name';
import { detectFileType } from './domain/file-type';
import { DocumentResponseDto, UploadDocumentFieldsDto } from './dto/document.dto';
import type { UploadPart } from './multipart-upload';
import type { DocumentStorage, StagedFile } from './storage/document-storage';
import { DOCUMENT_STORAGE } from './storage/document-storage';
import { fileTooLarge, UploadInspector } from './upload-inspector';

/** Staged files older than this were left by a crash mid-upload. */
const STALE_STAGED_MS = 24 * 3600 * 1000;

interface ReceivedUpload {
  staged: StagedFile;
  fileName: string | undefined;
  inspector: UploadInspector;
  fields: Record<string, string>;
}

/**
 * The upload pipeline: the form's parts (multipart-upload.ts) are read here, the file staged in
 * storage while it is hashed and measured (upload-inspector.ts), its type checked by its own
 * bytes, and the row, the audit event and the notification written in one transaction that
 * moves the staged file under its final key just before the commit. Review and reading live in
 * documents.service.ts.
 */
@Injectable()
export class DocumentUploadService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DocumentUploadService.name);

  constructor(
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
    await requireClaimTakingDocuments(this.dataSource.manager, actor, claimId, false);
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
        const claim = await requireClaimTakingDocuments(manager, actor, claimId, true);
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
          changes: diffChanges(null, auditableUpload(saved), PERSONAL_DOCUMENT_FIELDS),
        });
        return toDocumentResponse(saved, actor);
      });
    } catch (error) {
      await this.removeQuietly(upload.staged, placed.key);
      throw error;
    }
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

/** The form's text fields, validated like a JSON body (whitelisted, unknown fields refused). */
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
