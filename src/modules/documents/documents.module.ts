import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../../config/app-config';
import { ClaimDocument } from './document.entity';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { DOCUMENT_STORAGE } from './storage/document-storage';
import { LocalDirectoryStorage } from './storage/local-directory.storage';

@Module({
  imports: [TypeOrmModule.forFeature([ClaimDocument])],
  controllers: [DocumentsController],
  providers: [
    DocumentsService,
    {
      provide: DOCUMENT_STORAGE,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new LocalDirectoryStorage(config.STORAGE_DIR),
    },
  ],
  exports: [DocumentsService],
})
export class DocumentsModule {}
