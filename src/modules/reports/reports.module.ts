import { Module } from '@nestjs/common';
import { ClockModule } from '../../common/clock';
import { CaseWorkersReportService } from './case-workers-report.service';
import { ClaimsReportService } from './claims-report.service';
import { DeadlinesReportService } from './deadlines-report.service';
import { IncidentSummaryService } from './incident-summary.service';
import { ProgrammeStatusReportService } from './programme-status-report.service';
import { ReportsController } from './reports.controller';

/**
 * Read-only reports (DESIGN.md section 5) for administrators, case workers and auditors. Raw SQL
 * over the feature tables: the reports aggregate, so they read no entity through a repository.
 * Imports ClockModule, which is global: other features may inject the same Clock.
 */
@Module({
  imports: [ClockModule],
  controllers: [ReportsController],
  providers: [
    IncidentSummaryService,
    DeadlinesReportService,
    ClaimsReportService,
    CaseWorkersReportService,
    ProgrammeStatusReportService,
  ],
})
export class ReportsModule {}
