import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last claim number issued per incident. Taken with an upsert that locks the row, so
 * concurrent creations queue and every reference is issued once.
 */
@Entity('claim_reference_counters')
export class ClaimReferenceCounter {
  @PrimaryColumn({ type: 'uuid' })
  incidentId: string;

  @Column({ type: 'integer' })
  lastNumber: number;
}
