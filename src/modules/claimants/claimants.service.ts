import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';

import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { FieldCipher } from '../../common/crypto/field-cipher';
import { updateIfVersion } from '../../common/database/conditional-update';
import { queryRows, sql } from '../../common/database/sql';
import { invalid, notFound, preconditionFailed } from '../../common/errors/errors';
import { mapPage, Page, paginate } from '../../common/pagination/pagination';
import { maskDate, maskName, maskTail } from '../../common/privacy/mask';
import { AuditService } from '../audit/audit.service';
import { diffChanges } from '../audit/domain/audit-chain';
import { PersonOnBoard } from '../persons/person-on-board.entity';
import { claimantScope } from './access-scope';
import { Claimant } from './claimant.entity';
import { ClaimantErrorCode, ClaimantRuleError } from './domain/claimant-errors';
import {
  assertGuardianFits,
  assertHeirShareFits,
  assertRelationshipFits,
} from './domain/claimant-rules';
import { BankAccount, Contact, mergeContact } from './domain/contact';
import {
  ClaimantResponseDto,
  ContactResponseDto,
  CreateClaimantDto,
  ListClaimantsQueryDto,
  UpdateClaimantDto,
} from './dto/claimant.dto';
import { BANK_ACCOUNT, CONTACT } from './personal-data';
import { Representation } from './representation.entity';

/** Fields whose values never enter the audit log: only the fact that they changed. */
const PERSONAL = ['fullName', 'dateOfBirth', 'contact', 'bankAccount'];

/** What a lawyer may change for their own client (docs/api.md#roles-and-access). */
const LAWYER_EDITABLE: ReadonlySet<string> = new Set([
  'contact',
  'bankAccount',
  // How and whether the client is written to goes with their contact details.
  'preferredLanguage',
  'notificationsConsent',
]);

type Disclosure = 'full' | 'masked';

@Injectable()
export class ClaimantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: ListClaimantsQueryDto): Promise<Page<ClaimantResponseDto>> {
    const manager = this.dataSource.manager;
    const qb = manager.createQueryBuilder(Claimant, 'c');
    if (query.personId) qb.andWhere('c.personId = :personId', { personId: query.personId });
    const scope = claimantScope(actor, 'c.id');
    if (scope) qb.andWhere(scope.sql, scope.params);
    const page = await paginate(qb, query);
    const lawyers = await activeRepresentations(
      manager,
      page.items.map((c) => c.id),
    );
    return mapPage(page, (c) => this.toResponse(actor, c, lawyers.get(c.id) ?? [], 'masked'));
  }

  /** One claimant with personal data in full, except for auditors; the full read is audited. */
  async get(actor: Actor, id: string): Promise<ClaimantResponseDto> {
    const manager = this.dataSource.manager;
    const claimant = await this.findVisible(manager, actor, id);
    const lawyers = await activeRepresentations(manager, [id]);
    const fields = [
      ...(claimant.contactEnc ? ['contact'] : []),
      ...(claimant.bankAccountEnc ? ['bankAccount'] : []),
    ];
    const full = actor.role !== Role.Auditor && fields.length > 0;
    if (full) {
      await this.audit.recordAlone(actor, {
        action: 'claimant.read_personal_data',
        entityType: 'claimant',
        entityId: id,
        changes: { fields },
      });
    }
    return this.toResponse(actor, claimant, lawyers.get(id) ?? [], full ? 'full' : 'masked');
  }

  /** The claimant, or 404 when it does not exist or is not a client of the calling lawyer. */
  async findVisible(manager: EntityManager, actor: Actor, id: string): Promise<Claimant> {
    const qb = manager.createQueryBuilder(Claimant, 'c').where('c.id = :id', { id });
    const scope = claimantScope(actor, 'c.id');
    if (scope) qb.andWhere(scope.sql, scope.params);
    const claimant = await qb.getOne();
    if (!claimant) throw notFound('Claimant');
    return claimant;
  }

  async create(actor: Actor, dto: CreateClaimantDto): Promise<ClaimantResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      // The person's row lock serialises every change to its heirs' shares (see heir shares).
      const person = await lockPerson(manager, dto.personId);
      assertRelationshipFits(dto.relationship, person.outcome);
      if (dto.heirSharePercent !== undefined) {
        const others = await heirShares(manager, person.id, null);
        assertHeirShareFits(dto.heirSharePercent, others, person.outcome);
      }
      if (dto.guardianClaimantId !== undefined) {
        const guardian = await manager.findOneBy(Claimant, { id: dto.guardianClaimantId });
        assertGuardianFits({ id: null, personId: person.id, wardsOfClaimant: 0 }, guardian);
      }
      const claimant = manager.create(Claimant, {
        personId: person.id,
        fullName: dto.fullName,
        relationship: dto.relationship,
        dateOfBirth: dto.dateOfBirth ?? null,
        nationality: dto.nationality ?? null,
        contactEnc: dto.contact ? this.encryptContact(mergeContact(null, dto.contact)) : null,
        bankAccountEnc: dto.bankAccount ? this.encryptBankAccount(dto.bankAccount) : null,
        guardianClaimantId: dto.guardianClaimantId ?? null,
        heirSharePercent: dto.heirSharePercent ?? null,
        preferredLanguage: dto.preferredLanguage ?? null,
        notificationsConsent: dto.notificationsConsent ?? false,
      });
      await manager.insert(Claimant, claimant);
      const saved = await manager.findOneByOrFail(Claimant, { id: claimant.id });
      await this.audit.record(manager, actor, {
        action: 'claimant.create',
        entityType: 'claimant',
        entityId: saved.id,
        changes: diffChanges(null, auditable(saved), PERSONAL),
      });
      return this.toResponse(actor, saved, [], 'masked');
    });
  }

  async update(
    actor: Actor,
    id: string,
    version: number,
    dto: UpdateClaimantDto,
  ): Promise<ClaimantResponseDto> {
    const sent = Object.entries(dto)
      .filter(([, value]) => value !== undefined)
      .map(([field]) => field);
    if (sent.length === 0) {
      throw invalid('The request changes nothing', [{ field: 'body', message: 'no field sent' }]);
    }
    return this.dataSource.transaction(async (manager) => {
      const before = await this.findVisible(manager, actor, id);
      // Stale first: a change decided on an old reading is not weighed against the rules.
      if (before.version !== version) throw preconditionFailed();
      if (actor.role === Role.Lawyer) assertLawyerMayChange(sent);

      const touchesPerson =
        dto.relationship !== undefined ||
        (dto.heirSharePercent !== undefined && dto.heirSharePercent !== null) ||
        (dto.guardianClaimantId !== undefined && dto.guardianClaimantId !== null);
      if (touchesPerson) {
        const person = await lockPerson(manager, before.personId);
        if (dto.relationship !== undefined)
          assertRelationshipFits(dto.relationship, person.outcome);
        if (dto.heirSharePercent !== undefined && dto.heirSharePercent !== null) {
          const others = await heirShares(manager, person.id, id);
          assertHeirShareFits(dto.heirSharePercent, others, person.outcome);
        }
        if (dto.guardianClaimantId !== undefined && dto.guardianClaimantId !== null) {
          const guardian = await manager.findOneBy(Claimant, { id: dto.guardianClaimantId });
          const wards = await manager.countBy(Claimant, { guardianClaimantId: id });
          assertGuardianFits({ id, personId: before.personId, wardsOfClaimant: wards }, guardian);
        }
      }

      const { contact, bankAccount, ...plain } = dto;
      const patch: Partial<Claimant> = {};
      for (const [field, value] of Object.entries(plain)) {
        if (value !== undefined) (patch as Record<string, unknown>)[field] = value;
      }
      if (contact !== undefined) {
        patch.contactEnc =
          contact === null
            ? null
            : this.encryptContact(mergeContact(this.decryptContact(before.contactEnc), contact));
      }
      if (bankAccount !== undefined) {
        patch.bankAccountEnc = bankAccount === null ? null : this.encryptBankAccount(bankAccount);
      }
      const after = await updateIfVersion(manager, Claimant, id, version, patch);
      const lawyers = await activeRepresentations(manager, [id]);
      await this.audit.record(manager, actor, {
        action: 'claimant.update',
        entityType: 'claimant',
        entityId: id,
        changes: diffChanges(auditable(before), auditable(after), PERSONAL),
      });
      return this.toResponse(actor, after, lawyers.get(id) ?? [], 'masked');
    });
  }

  /**
   * Personal data leaves in full only from the audited single read; lists and write responses
   * carry masks, and auditors see masks and initials everywhere.
   */
  private toResponse(
    actor: Actor,
    c: Claimant,
    lawyers: Representation[],
    disclosure: Disclosure,
  ): ClaimantResponseDto {
    const auditor = actor.role === Role.Auditor;
    const full = disclosure === 'full' && !auditor;
    const contact = this.decryptContact(c.contactEnc);
    const bank = c.bankAccountEnc
      ? this.cipher.decryptJson<BankAccount>(c.bankAccountEnc, BANK_ACCOUNT)
      : null;
    return {
      id: c.id,
      personId: c.personId,
      fullName: auditor ? maskName(c.fullName) : c.fullName,
      relationship: c.relationship,
      dateOfBirth: auditor ? maskDate(c.dateOfBirth) : c.dateOfBirth,
      nationality: c.nationality,
      contact: contact && (full ? contact : maskContact(contact)),
      bankAccount:
        bank && (full ? bank : { iban: maskTail(bank.iban), holder: maskName(bank.holder) }),
      guardianClaimantId: c.guardianClaimantId,
      heirSharePercent: c.heirSharePercent,
      preferredLanguage: c.preferredLanguage,
      notificationsConsent: c.notificationsConsent,
      representations: lawyers.map((r) => ({
        lawyerId: r.lawyerId,
        startedAt: r.startedAt.toISOString(),
      })),
      version: c.version,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    };
  }

  private encryptContact(contact: Contact): string {
    return this.cipher.encryptJson(contact, CONTACT);
  }

  private decryptContact(stored: string | null): Contact | null {
    return stored ? this.cipher.decryptJson<Contact>(stored, CONTACT) : null;
  }

  private encryptBankAccount(bank: BankAccount): string {
    return this.cipher.encryptJson({ iban: bank.iban, holder: bank.holder }, BANK_ACCOUNT);
  }
}

/** Active representations per claimant, oldest first. */
export async function activeRepresentations(
  manager: EntityManager,
  claimantIds: readonly string[],
): Promise<Map<string, Representation[]>> {
  const byClaimant = new Map<string, Representation[]>();
  if (claimantIds.length === 0) return byClaimant;
  const rows = await manager.find(Representation, {
    where: { claimantId: In([...new Set(claimantIds)]), endedAt: IsNull() },
    order: { startedAt: 'ASC', id: 'ASC' },
  });
  for (const row of rows) {
    byClaimant.set(row.claimantId, [...(byClaimant.get(row.claimantId) ?? []), row]);
  }
  return byClaimant;
}

/**
 * Locks the person's row for the rest of the transaction. Two requests adding heirs to one
 * person queue here, so the second sums the shares after the first has committed.
 */
async function lockPerson(manager: EntityManager, personId: string): Promise<PersonOnBoard> {
  const person = await manager
    .createQueryBuilder(PersonOnBoard, 'p')
    .where('p.id = :personId', { personId })
    .setLock('pessimistic_write')
    .getOne();
  if (!person) throw notFound('Person');
  return person;
}

async function heirShares(
  manager: EntityManager,
  personId: string,
  exceptClaimantId: string | null,
): Promise<string[]> {
  const rows = await queryRows<{ share: string }>(
    manager,
    sql(
      `SELECT heir_share_percent::text AS share FROM claimants
      WHERE person_id = :personId AND heir_share_percent IS NOT NULL AND (:exceptClaimantId::uuid IS NULL OR id <> :exceptClaimantId)`,
      { personId, exceptClaimantId },
    ),
  );
  return rows.map((r) => r.share);
}

function assertLawyerMayChange(fields: readonly string[]): void {
  const refused = fields.filter((field) => !LAWYER_EDITABLE.has(field));
  if (refused.length > 0) {
    throw new ClaimantRuleError(
      ClaimantErrorCode.FieldsNotEditable,
      'A lawyer may change only the contact details, bank details and message preferences of a client',
      refused.map((field) => ({ field, message: 'not editable by a lawyer' })),
    );
  }
}

function maskContact(contact: Contact): ContactResponseDto {
  const masked: ContactResponseDto = {};
  if (contact.email) masked.email = maskTail(contact.email);
  if (contact.phone) masked.phone = maskTail(contact.phone);
  if (contact.address) masked.address = maskTail(contact.address);
  return masked;
}

function auditable(c: Claimant): Record<string, unknown> {
  return {
    personId: c.personId,
    fullName: c.fullName,
    relationship: c.relationship,
    dateOfBirth: c.dateOfBirth,
    nationality: c.nationality,
    // Only whether they changed: the ciphertext differs on every write.
    contact: c.contactEnc,
    bankAccount: c.bankAccountEnc,
    guardianClaimantId: c.guardianClaimantId,
    heirSharePercent: c.heirSharePercent,
    preferredLanguage: c.preferredLanguage,
    notificationsConsent: c.notificationsConsent,
  };
}
