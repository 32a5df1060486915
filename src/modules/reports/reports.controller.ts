import { Controller, Get, Header, Headers, Query, StreamableFile } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';

import type { Actor } from '../../common/auth/actor';
import { CurrentActor, RequirePermission } from '../../common/auth/decorators';
import { ApiAuthed, ApiIdParam, UuidParam } from '../../common/http/api';
import { CaseWorkersReportService } from './case-workers-report.service';
import { ClaimsReportService } from './claims-report.service';
import { DeadlinesReportService } from './deadlines-report.service';
import { CSV_MEDIA_TYPE, prefersCsv } from './domain/media-type';
import { CaseWorkersReportPageDto, CaseWorkersReportQueryDto } from './dto/case-workers-report.dto';
import { ClaimsReportPageDto, ClaimsReportQueryDto } from './dto/claims-report.dto';
import { DeadlinesQueryDto, DeadlinesReportDto } from './dto/deadlines.dto';
import { IncidentSummaryDto } from './dto/incident-summary.dto';
import { ProgrammeStatusReportDto } from './dto/programme-status.dto';
import { IncidentSummaryService } from './incident-summary.service';
import { ProgrammeStatusReportService } from './programme-status-report.service';

/** Reports hold personal data and change by the minute: never cached. */
const NoStore = () => Header('Cache-Control', 'private, no-store');

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly summaries: IncidentSummaryService,
    private readonly deadlineReports: DeadlinesReportService,
    private readonly claimReports: ClaimsReportService,
    private readonly caseWorkerReports: CaseWorkersReportService,
    private readonly programmeReports: ProgrammeStatusReportService,
  ) {}

  @Get('incidents/:id/summary')
  @RequirePermission('reports:read')
  @NoStore()
  @ApiOperation({
    summary: 'Manifest, claims, amounts, coverage and limitation of an incident (one snapshot)',
  })
  @ApiIdParam('id', 'Incident')
  @ApiOkResponse({ type: IncidentSummaryDto })
  @ApiAuthed(404)
  summary(@UuidParam() id: string): Promise<IncidentSummaryDto> {
    return this.summaries.summary(id);
  }

  @Get('incidents/:id/deadlines')
  @RequirePermission('reports:read')
  @NoStore()
  @ApiOperation({
    summary:
      'Persons without a claim before the limitation deadline, claims waiting for information, open appeal windows',
  })
  @ApiIdParam('id', 'Incident')
  @ApiOkResponse({ type: DeadlinesReportDto })
  @ApiAuthed(404)
  deadlines(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: DeadlinesQueryDto,
  ): Promise<DeadlinesReportDto> {
    return this.deadlineReports.deadlines(actor, id, query);
  }

  @Get('incidents/:id/claims')
  @RequirePermission('reports:read')
  @NoStore()
  @Header('Vary', 'Accept')
  @ApiOperation({
    summary: 'Every claim of the incident with its amounts: JSON pages, or CSV (Accept: text/csv)',
    description:
      'With `Accept: text/csv` the whole list (filters apply, cursor and limit do not) streams as a UTF-8 CSV file with a byte-order mark; cells that a spreadsheet would run as a formula start with a single quote. The export is recorded in the audit log.',
  })
  @ApiIdParam('id', 'Incident')
  @ApiProduces('application/json', CSV_MEDIA_TYPE)
  @ApiExtraModels(ClaimsReportPageDto)
  @ApiOkResponse({
    description: 'A page of claims, or the CSV file',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(ClaimsReportPageDto) } },
      [CSV_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiAuthed(404)
  async claims(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: ClaimsReportQueryDto,
    @Headers('accept') accept: string | undefined,
  ): Promise<ClaimsReportPageDto | StreamableFile> {
    if (!prefersCsv(accept)) return this.claimReports.page(actor, id, query);
    const file = await this.claimReports.csv(actor, id, query);
    return new StreamableFile(file.stream, {
      type: `${CSV_MEDIA_TYPE}; charset=utf-8`,
      // The name is the incident code (capitals, digits, dashes) and a date: nothing to escape.
      disposition: `attachment; filename="${file.fileName}"`,
    });
  }

  @Get('programmes/:id/status')
  @RequirePermission('reports:read')
  @NoStore()
  @Header('Vary', 'Accept')
  @ApiOperation({
    summary: 'Where a programme stands (the Russian pledge): one snapshot, JSON or CSV',
    description:
      'Status and dates, who it covers, who has registered a claim (by status, with and without a lawyer), who has not, its amounts, what the same persons received from the other programmes, and its public record. With `Accept: text/csv`, one line per figure (section, field, value).',
  })
  @ApiIdParam('id', 'Programme')
  @ApiProduces('application/json', CSV_MEDIA_TYPE)
  @ApiExtraModels(ProgrammeStatusReportDto)
  @ApiOkResponse({
    description: 'The report, or the CSV file',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(ProgrammeStatusReportDto) } },
      [CSV_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiAuthed(404)
  async programmeStatus(
    @UuidParam() id: string,
    @Headers('accept') accept: string | undefined,
  ): Promise<ProgrammeStatusReportDto | StreamableFile> {
    if (!prefersCsv(accept)) return this.programmeReports.report(id);
    const file = await this.programmeReports.csv(id);
    return new StreamableFile(Buffer.from(file.body, 'utf8'), {
      type: `${CSV_MEDIA_TYPE}; charset=utf-8`,
      // A UUID and a date: nothing to escape.
      disposition: `attachment; filename="${file.fileName}"`,
    });
  }

  @Get('case-workers')
  @RequirePermission('reports:read')
  @NoStore()
  @ApiOperation({
    summary: 'Workload and decision times of every active case worker',
  })
  @ApiOkResponse({ type: CaseWorkersReportPageDto })
  @ApiAuthed(404)
  caseWorkers(@Query() query: CaseWorkersReportQueryDto): Promise<CaseWorkersReportPageDto> {
    return this.caseWorkerReports.report(query);
  }
}
