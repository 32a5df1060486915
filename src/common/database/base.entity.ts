import { CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/**
 * UUID key, millisecond timestamps (so a timestamp read into a JS Date and sent back in a
 * cursor compares exactly) and an optimistic-concurrency version.
 */
export abstract class BaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}
