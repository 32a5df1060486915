import { Role } from '../../src/common/auth/role';
import { diffChanges } from '../../src/modules/audit/domain/audit-chain';
import { ClaimStatus } from '../../src/modules/claims/domain/claim-status';
import type { AuditInput } from './audit-append';
import type { BenchUserSpec } from './bench-users';
import { auditableClaim, iso, World } from './synthetic-world';

/** Personal fields the services log only as changed (see each service's PERSONAL list). */
const PERSON_PERSONAL = ['fullName', 'dateOfBirth', 'identityDocument'];
const CLAIMANT_PERSONAL = ['fullName', 'dateOfBirth', 'contact', 'bankAccount'];

export function* userEvents(created: readonly BenchUserSpec[]): Generator<AuditInput> {
  for (const u of created) {
    yield {
      actorId: null,
      actorRole: null,
      action: 'user.create',
      entityType: 'user',
      entityId: u.id,
      changes: diffChanges(null, {
        email: u.email,
        fullName: u.fullName,
        role: u.role,
        active: true,
      }),
    };
  }
}

/**
 * One event per created row and per change, with the actions, entity types and change sets
 * the services write (claim.create, claim.transition, document.upload, document.review,
 * payment.record, ...), in an order where every event follows the events of what it refers to.
 */
export function* worldEvents(
  world: World,
  roleOf: ReadonlyMap<string, Role>,
): Generator<AuditInput> {
  const { incident, programmes, persons, claimants } = world;
  const by = (userId: string) => ({ actorId: userId, actorRole: roleOf.get(userId) ?? null });

  const { id: _id, createdAt: _c, createdBy, ...incidentFields } = incident;
  yield {
    ...by(createdBy),
    action: 'incident.create',
    entityType: 'incident',
    entityId: incident.id,
    changes: diffChanges(null, { ...incidentFields, occurredAt: iso(incident.occurredAt) }),
  };
  for (const p of programmes) {
    const { id, createdAt: _pc, ...fields } = p;
    yield {
      ...by(createdBy),
      action: 'programme.create',
      entityType: 'programme',
      entityId: id,
      changes: diffChanges(null, { incidentId: incident.id, ...fields }),
    };
  }
  for (const p of persons) {
    const { id, createdAt: _pc, identityDocumentEnc, ...fields } = p;
    yield {
      ...by(createdBy),
      action: 'person.create',
      entityType: 'person',
      entityId: id,
      changes: diffChanges(
        null,
        { ...fields, identityDocument: identityDocumentEnc },
        PERSON_PERSONAL,
      ),
    };
  }
  for (const c of claimants) {
    yield {
      ...by(c.createdBy),
      action: 'claimant.create',
      entityType: 'claimant',
      entityId: c.id,
      changes: diffChanges(
        null,
        {
          personId: persons[c.personIdx]!.id,
          fullName: c.fullName,
          relationship: c.relationship,
          dateOfBirth: c.dateOfBirth,
          nationality: c.nationality,
          contact: c.contactEnc,
          bankAccount: c.bankAccountEnc,
          guardianClaimantId: null,
          heirSharePercent: c.heirSharePercent,
        },
        CLAIMANT_PERSONAL,
      ),
    };
  }
  for (const r of world.representations) {
    yield {
      ...by(r.startedBy),
      action: 'representation.start',
      entityType: 'claimant',
      entityId: r.claimantId,
      changes: { representationId: r.id, lawyerId: { before: null, after: r.lawyerId } },
    };
    if (r.endedAt !== null && r.endedBy !== null) {
      yield {
        ...by(r.endedBy),
        action: 'representation.end',
        entityType: 'claimant',
        entityId: r.claimantId,
        changes: { representationId: r.id, lawyerId: { before: r.lawyerId, after: null } },
      };
    }
  }
  for (const c of world.claims) {
    const draft = auditableClaim(
      c,
      {
        status: ClaimStatus.Draft,
        amountAssessed: null,
        amountApproved: null,
        assignedCaseWorkerId: null,
        assessedBy: null,
        approvedBy: null,
        submittedAt: null,
        decidedAt: null,
      },
      {
        programmeId: programmes[c.programmeIdx]!.id,
        claimantId: claimants[c.claimantIdx]!.id,
        personId: persons[c.personIdx]!.id,
      },
    );
    yield {
      actorId: c.createdBy,
      actorRole: c.createdByRole,
      action: 'claim.create',
      entityType: 'claim',
      entityId: c.id,
      changes: diffChanges(null, draft, ['description']),
    };
  }
  for (const t of world.transitions) {
    yield {
      actorId: t.actorId,
      actorRole: t.actorRole,
      action: 'claim.transition',
      entityType: 'claim',
      entityId: t.claimId,
      changes: t.changes,
    };
  }
  for (const d of world.documents) {
    yield {
      actorId: d.uploadedBy,
      actorRole: d.uploaderRole,
      action: 'document.upload',
      entityType: 'document',
      entityId: d.id,
      changes: diffChanges(null, {
        claimId: d.claimId,
        claimantId: d.claimantId,
        type: d.type,
        fileName: d.fileName,
        mimeType: d.mimeType,
        sizeBytes: d.sizeBytes,
        sha256: d.sha256,
        status: 'received',
      }),
    };
    if (d.reviewedBy !== null && d.reviewedAt !== null) {
      yield {
        ...by(d.reviewedBy),
        action: 'document.review',
        entityType: 'document',
        entityId: d.id,
        changes: diffChanges(
          { status: 'received', reviewedBy: null, reviewedAt: null, reviewReason: null },
          {
            status: d.status,
            reviewedBy: d.reviewedBy,
            reviewedAt: iso(d.reviewedAt),
            reviewReason: null,
          },
        ),
      };
    }
  }
  for (const p of world.payments) {
    yield {
      ...by(p.recordedBy),
      action: 'payment.record',
      entityType: 'payment',
      entityId: p.id,
      changes: diffChanges(null, {
        claimId: p.claimId,
        kind: p.kind,
        amount: p.amount,
        currency: p.currency,
        paidAt: iso(p.paidAt),
        method: p.method,
        reference: p.reference,
        reversalOf: null,
        reason: null,
      }),
    };
  }
}
