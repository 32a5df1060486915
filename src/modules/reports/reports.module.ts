import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { ClockModule } from '../../common/clock';
import { ReportingDatabase } from '../../database/reporting-database';
import { CaseWorkersReportService } from './case-workers-report.service';
import { ClaimsReportService } from './claims-report.service';
import { DeadlinesReportService } from './deadlines-report.service';
import { IncidentSummaryService } from './incident-summary.service';
import { ProgrammeStatusReportService } from './programme-status-report.service';
import { ReportsController } from './reports.controller';

/**
 * Read-only reports (docs/api.md) for administrators, case workers and auditors. Raw SQL
 * over the feature tables: the reports aggregate, so they read no entity through a repository.
 * Imports ClockModule, which is global: other features may inject the same Clock.
 *
 * Every `@InjectDataSource()` of this module's providers is the reporting database: the read
 * replica when DATABASE_REPLICA_URL is set (the primary while it is away), else the primary
 * (reporting-database.ts). Writes belong elsewhere: AuditService, injected from its own module,
 * still writes on the primary. A repository from TypeOrmModule.forFeature here would not follow.
 */
@Module({
  imports: [ClockModule],
  controllers: [ReportsController],
  providers: [
    {
      provide: DataSource,
      inject: [ReportingDatabase],
      useFactory: (reporting: ReportingDatabase) => reporting.dataSource,
    },
    IncidentSummaryService,
    DeadlinesReportService,
    ClaimsReportService,
    CaseWorkersReportService,
    ProgrammeStatusReportService,
  ],
})
export class ReportsModule {}
