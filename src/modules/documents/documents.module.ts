import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AppConfig } from '../../config/app-config';
import { ClaimDocument } from './document.entity';
import { DocumentUploadService } from './document-upload.service';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { DOCUMENT_STORAGE } from './storage/document-storage';
import { LocalDirectoryStorage } from './storage/local-directory.storage';
import { S3BucketStorage } from './storage/s3-bucket.storage';

@Module({
  imports: [TypeOrmModule.forFeature([ClaimDocument])],
  controllers: [DocumentsController],
  providers: [
    DocumentsService,
    DocumentUploadService,
    {
      provide: DOCUMENT_STORAGE,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        config.STORAGE_DRIVER === 's3'
          ? S3BucketStorage.fromConfig(config)
          : new LocalDirectoryStorage(config.STORAGE_DIR),
    },
  ],
  exports: [DocumentsService, DOCUMENT_STORAGE],
})
export class DocumentsModule {}
