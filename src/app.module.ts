import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DestinationStream } from 'pino';

import { CryptoModule } from './common/crypto/crypto.module';
import { ProblemFilter } from './common/errors/problem.filter';
import { ShutdownState } from './common/lifecycle/shutdown-state';
import { LoggingModule } from './common/logging/logging.module';
import { AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source-options';
import { ReportingDatabaseModule } from './database/reporting-database';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { ClaimantsModule } from './modules/claimants/claimants.module';
import { ClaimsModule } from './modules/claims/claims.module';
import { DocumentsModule } from './modules/documents/documents.module';
import { ExchangeRatesModule } from './modules/exchange-rates/exchange-rates.module';
import { HealthModule } from './modules/health/health.module';
import { IncidentsModule } from './modules/incidents/incidents.module';
import { JobsModule } from './modules/jobs/jobs.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { PaymentsModule } from './modules/payments/payments.module';
import { PersonsModule } from './modules/persons/persons.module';
import { ProgrammesModule } from './modules/programmes/programmes.module';
import { ReportsModule } from './modules/reports/reports.module';
import { UsersModule } from './modules/users/users.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';

@Global()
@Module({})
class ConfigHolderModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigHolderModule,
      providers: [{ provide: AppConfig, useValue: config }, ShutdownState],
      exports: [AppConfig, ShutdownState],
    };
  }
}

/** Wiring that is not configuration: tests use it to read the logs. */
export interface AppOptions {
  /** Where pino writes (stdout when absent). */
  logDestination?: DestinationStream;
}

@Module({})
export class AppModule {
  /** `config` is validated and `databaseUrl` resolved (server or embedded) before Nest starts. */
  static forRoot(config: AppConfig, databaseUrl: string, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigHolderModule.forRoot(config),
        LoggingModule.forRoot(config, options.logDestination),
        TypeOrmModule.forRoot(dataSourceOptions(config, databaseUrl)),
        ReportingDatabaseModule,
        CryptoModule,
        AuditModule,
        AuthModule,
        UsersModule,
        HealthModule,
        IncidentsModule,
        PersonsModule,
        ProgrammesModule,
        ExchangeRatesModule,
        ClaimantsModule,
        ClaimsModule,
        DocumentsModule,
        PaymentsModule,
        ReportsModule,
        MetricsModule,
        JobsModule,
        NotificationsModule,
        WebhooksModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
