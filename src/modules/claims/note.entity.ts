import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';

import { BaseEntity } from '../../common/database/base.entity';
import { Claim } from './claim.entity';
import { NoteVisibility } from './domain/note-visibility';

export { NoteVisibility };

/** Lawyers see `shared` notes only. */
@Entity('notes')
@Index('ix_notes_claim_created_id', ['claimId', 'createdAt', 'id'])
export class Note extends BaseEntity {
  @Column({ type: 'uuid' })
  claimId: string;

  @ManyToOne(() => Claim, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'claim_id', foreignKeyConstraintName: 'fk_notes_claim' })
  claim?: Claim;

  @Column({ type: 'varchar', length: 10000 })
  body: string;

  @Column({ type: 'enum', enum: NoteVisibility, enumName: 'note_visibility' })
  visibility: NoteVisibility;

  @Column({ type: 'uuid' })
  authorId: string;
}
