import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsUUID } from 'class-validator';

import { PageQueryDto } from '../../../common/pagination/pagination';
import {
  Language,
  NotificationChannel,
  NotificationStatus,
  RecipientType,
} from '../domain/notification-types';

export class ListNotificationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Only notifications in this status (`dead` lists what could not be delivered)',
    enum: NotificationStatus,
    enumName: 'NotificationStatus',
  })
  @IsOptional()
  @IsEnum(NotificationStatus)
  status?: NotificationStatus;

  @ApiPropertyOptional({
    description: 'Only notifications about this record (a claim or a programme)',
    format: 'uuid',
  })
  @IsOptional()
  @IsUUID()
  relatedEntityId?: string;
}

export class NotificationRecipientDto {
  @ApiProperty({ description: 'Kind of recipient', enum: RecipientType, enumName: 'RecipientType' })
  type: RecipientType;

  @ApiProperty({ description: 'The user, claimant or webhook subscription', format: 'uuid' })
  id: string;
}

export class RelatedEntityDto {
  @ApiProperty({ description: 'Kind of record', example: 'claim' })
  type: string;

  @ApiProperty({ description: 'The record', format: 'uuid' })
  id: string;
}

/** What an administrator sees of a message: never its content or the recipient's address. */
export class NotificationResponseDto {
  @ApiProperty({
    description: 'Identifier, also the message’s stable id (Message-ID, webhook-id)',
    format: 'uuid',
  })
  id: string;

  @ApiProperty({ description: 'Recipient' })
  recipient: NotificationRecipientDto;

  @ApiProperty({
    description: 'Channel',
    enum: NotificationChannel,
    enumName: 'NotificationChannel',
  })
  channel: NotificationChannel;

  @ApiProperty({ description: 'Template or webhook event type', example: 'claim.status_changed' })
  template: string;

  @ApiProperty({ description: 'Language of the message', enum: Language, enumName: 'Language' })
  language: Language;

  @ApiProperty({
    description: 'Delivery status',
    enum: NotificationStatus,
    enumName: 'NotificationStatus',
  })
  status: NotificationStatus;

  @ApiProperty({ description: 'Delivery attempts so far', example: 1 })
  attempts: number;

  @ApiProperty({ description: 'Why the last attempt failed', nullable: true, type: String })
  lastError: string | null;

  @ApiProperty({ description: 'What it is about' })
  relatedEntity: RelatedEntityDto;

  @ApiProperty({
    description: 'When the next attempt is due (pending and failed only)',
    nullable: true,
    type: String,
  })
  nextAttemptAt: string | null;

  @ApiProperty({ description: 'When it was delivered', nullable: true, type: String })
  sentAt: string | null;

  @ApiProperty({ description: 'When it was written (with its change)' })
  createdAt: string;

  @ApiProperty({ description: 'When its status last changed' })
  updatedAt: string;
}

export class NotificationPageDto {
  @ApiProperty({ description: 'Notifications, oldest first', type: [NotificationResponseDto] })
  items: NotificationResponseDto[];

  @ApiProperty({
    description: 'Cursor of the next page, or null on the last',
    nullable: true,
    type: String,
  })
  nextCursor: string | null;
}
