import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

import { ACCESS_EXTENSION, PUBLIC_ACCESS } from '../auth/decorators';
import { Permission, PERMISSIONS } from '../auth/permissions';
import { ProblemDto } from '../errors/problem.dto';
import { documentBodyRefusals, strictNullables } from './api';

/** Every tag an operation uses, declared once with what it groups (in the UI's order). */
const TAGS: [name: string, description: string][] = [
  ['auth', 'Sign-in, token refresh, sign-out, password change and the TOTP second factor'],
  ['users', 'Accounts of case workers, lawyers, administrators and auditors (never deleted)'],
  ['incidents', 'Air disasters: declared counts, sources and the limitation deadline'],
  ['programmes', 'Compensation programmes of an incident: payer, status, amounts, limits, events'],
  ['persons', 'People on board and, per person, the compensation position across programmes'],
  ['claimants', 'Family members and survivors who claim, and the lawyers representing them'],
  ['claims', 'Claims, their lifecycle transitions and notes'],
  ['documents', 'Evidence attached to claims: upload, download, review'],
  ['payments', 'The append-only payment ledger of a claim, and reversals'],
  ['exchange-rates', 'Recorded exchange rates used to convert payments'],
  ['reports', 'Incident summary, deadlines, claims list (JSON or CSV), workload, programme status'],
  ['audit', 'The hash-chained audit log, its verification and signed checkpoints'],
  ['notifications', 'The outbox of e-mails and webhook deliveries (administrators)'],
  ['webhooks', 'Webhook subscriptions (Standard Webhooks signatures)'],
  ['health', 'Liveness and readiness probes'],
  ['operations', 'Prometheus metrics for operators'],
];

/** The names of the roles, as the API spells them, allowed to use a permission. */
function whoMay(permission: Permission): string {
  return PERMISSIONS[permission].join(', ');
}

/**
 * Who may call each operation, from the permission its route declares (decorators.ts): public
 * operations say `security: []`, and every operation's description ends with its roles, so a
 * reader of the document (or of a client generated from it) knows before trying.
 */
export function documentAccess(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const op of [item.get, item.post, item.put, item.patch, item.delete]) {
      if (!op) continue;
      const extensions = op as unknown as Record<string, unknown>;
      const access = extensions[ACCESS_EXTENSION] as Permission | typeof PUBLIC_ACCESS | undefined;
      delete extensions[ACCESS_EXTENSION];
      let line: string;
      if (access === PUBLIC_ACCESS) {
        op.security ??= [];
        line = op.security.length === 0 ? 'Public: no access token.' : '';
      } else if (access) {
        line = `Roles: ${whoMay(access)} (permission \`${access}\`).`;
      } else {
        throw new Error(
          `${op.operationId ?? op.summary}: a route without @Public or @RequirePermission`,
        );
      }
      op.description = [op.description, line].filter(Boolean).join('\n\n') || op.summary;
    }
  }
  return document;
}

/**
 * The OpenAPI document exactly as /docs-json serves it: setup-app.ts builds it with this
 * function, and `npm run openapi:write` writes it to openapi.json (checked by
 * test/openapi-committed.e2e-spec.ts, linted by Redocly and Spectral).
 */
export function apiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Victim compensation casework API')
    .setDescription(
      'Persons on board, claimants, compensation programmes, claims, documents, payments, audit and reports. ' +
        'Errors are application/problem+json (RFC 9457). ' +
        'The seeded incident J2-8243 carries published facts (its `sources`, and each programme’s events with theirs); ' +
        'every detail of the persons on board in the seed is fictional: names, dates of birth (so ages and who is a minor), seats and injury severities. ' +
        'Only the breakdown by category, nationality and outcome is real.',
    )
    .setVersion('1')
    .setLicense('UNLICENSED', 'https://en.wikipedia.org/wiki/Proprietary_software')
    .addServer('http://127.0.0.1:3000', 'The service on its default address (PORT, HOST)')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'The METRICS_TOKEN setting' },
      'metricsToken',
    );
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const generated = SwaggerModule.createDocument(app, builder.build(), {
    extraModels: [ProblemDto],
  });
  return strictNullables(documentBodyRefusals(documentAccess(generated)));
}
