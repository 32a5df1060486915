import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Post,
  Query,
  Req,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

import type { Actor } from '../../common/auth/actor';
import { CurrentActor, RequirePermission } from '../../common/auth/decorators';
import { ApiAuthed, ApiIdParam, UuidParam } from '../../common/http/api';
import { PageQueryDto } from '../../common/pagination/pagination';
import { DocumentUploadService } from './document-upload.service';
import { DocumentsService } from './documents.service';
import { contentDisposition } from './domain/file-name';
import { ALLOWED_MIME_TYPES } from './domain/file-type';
import {
  DocumentPageDto,
  DocumentResponseDto,
  ReviewDocumentDto,
  UploadDocumentDto,
} from './dto/document.dto';
import { multipartParts } from './multipart-upload';
import { OptionalIfMatchVersion } from './optional-if-match';

@ApiTags('documents')
@Controller()
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly uploads: DocumentUploadService,
  ) {}

  @Get('claims/:id/documents')
  @RequirePermission('documents:read')
  @ApiOperation({ summary: 'List the documents of a claim (metadata only)' })
  @ApiIdParam('id', 'Claim')
  @ApiOkResponse({ type: DocumentPageDto })
  @ApiAuthed(404)
  list(@CurrentActor() actor: Actor, @UuidParam() claimId: string, @Query() query: PageQueryDto) {
    return this.documents.list(actor, claimId, query);
  }

  @Post('claims/:id/documents')
  @RequirePermission('documents:upload')
  @ApiOperation({
    summary: 'Upload a document to a claim (multipart: file, type)',
    description:
      'PDF, JPEG or PNG only, recognised by the file’s own bytes; the file name is neutralised and the file is stored under a server-generated key.',
  })
  @ApiIdParam('id', 'Claim')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadDocumentDto })
  @ApiCreatedResponse({ type: DocumentResponseDto })
  @ApiAuthed(404, 409, 413, 415)
  upload(
    @CurrentActor() actor: Actor,
    @UuidParam() claimId: string,
    @Req() request: FastifyRequest,
  ) {
    return this.uploads.upload(actor, claimId, multipartParts(request));
  }

  @Get('documents/:id/content')
  @RequirePermission('documents:read-content')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({
    summary: 'Download a document’s file (an audited read; never rendered inline)',
  })
  @ApiIdParam()
  @ApiProduces(...ALLOWED_MIME_TYPES)
  @ApiOkResponse({
    description: 'The file, as an attachment',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiAuthed(404)
  async content(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<StreamableFile> {
    const file = await this.documents.content(actor, id);
    return new StreamableFile(file.stream, {
      type: file.mimeType,
      disposition: contentDisposition(file.fileName),
      length: file.sizeBytes,
    });
  }

  @Post('documents/:id/review')
  @HttpCode(200)
  @RequirePermission('documents:review')
  @ApiOperation({ summary: 'Verify or reject a document (a rejection needs a reason)' })
  @ApiIdParam()
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'Optional: the version you reviewed, e.g. "1"; a stale one answers 412',
  })
  @ApiOkResponse({ type: DocumentResponseDto })
  @ApiAuthed(404, 409, 412)
  review(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @OptionalIfMatchVersion() version: number | undefined,
    @Body() dto: ReviewDocumentDto,
  ) {
    return this.documents.review(actor, id, version, dto);
  }
}
