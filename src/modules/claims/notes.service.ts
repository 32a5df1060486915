import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { forbidden } from '../../common/errors/errors';
import { mapPage, Page, PageQueryDto, paginate } from '../../common/pagination/pagination';
import { redactForAuditor } from '../../common/privacy/redact';
import { AuditService } from '../audit/audit.service';
import { diffChanges } from '../audit/domain/audit-chain';
import { findVisibleClaim } from './claim-access';
import { NoteVisibility } from './domain/note-visibility';
import { CreateNoteDto, NoteResponseDto } from './dto/note.dto';
import { Note } from './note.entity';

export function toNoteResponse(n: Note): NoteResponseDto {
  return {
    id: n.id,
    claimId: n.claimId,
    body: n.body,
    visibility: n.visibility,
    authorId: n.authorId,
    version: n.version,
    createdAt: n.createdAt.toISOString(),
    updatedAt: n.updatedAt.toISOString(),
  };
}

/** Notes on a claim. Lawyers read and write `shared` notes only; internal ones stay staff-only. */
@Injectable()
export class NotesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, claimId: string, query: PageQueryDto): Promise<Page<NoteResponseDto>> {
    const manager = this.dataSource.manager;
    await findVisibleClaim(manager, actor, claimId);
    const qb = manager
      .createQueryBuilder(Note, 'note')
      .where('note.claimId = :claimId', { claimId });
    if (actor.role === Role.Lawyer) {
      qb.andWhere('note.visibility = :shared', { shared: NoteVisibility.Shared });
    }
    return mapPage(await paginate(qb, query), (n) => ({
      ...toNoteResponse(n),
      body: redactForAuditor(actor, n.body)!,
    }));
  }

  async create(actor: Actor, claimId: string, dto: CreateNoteDto): Promise<NoteResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      await findVisibleClaim(manager, actor, claimId);
      if (actor.role === Role.Lawyer && dto.visibility !== NoteVisibility.Shared) {
        throw forbidden('Lawyers write shared notes only');
      }
      const note = manager.create(Note, {
        claimId,
        body: dto.body,
        visibility: dto.visibility,
        authorId: actor.userId!,
      });
      await manager.insert(Note, note);
      const saved = await manager.findOneByOrFail(Note, { id: note.id });
      await this.audit.record(manager, actor, {
        action: 'note.create',
        entityType: 'claim',
        entityId: claimId,
        // The body is free text about people: the log keeps only that a note was written.
        changes: {
          noteId: saved.id,
          ...diffChanges(null, { body: saved.body, visibility: saved.visibility }, ['body']),
        },
      });
      return toNoteResponse(saved);
    });
  }
}
