import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  ValidateBy,
} from 'class-validator';

import { EventType } from '../../notifications/domain/notification-types';
import { isValidSecret, SECRET_PATTERN } from '../domain/signature';

export class CreateWebhookSubscriptionDto {
  @ApiProperty({
    description:
      'Where deliveries are POSTed: http or https; in production not a loopback, link-local or private address',
    example: 'https://hooks.example.org/j2-8243',
    maxLength: 2000,
  })
  @IsString()
  @MaxLength(2000)
  @IsUrl(
    {
      protocols: ['http', 'https'],
      require_protocol: true,
      require_tld: false,
      allow_underscores: true,
    },
    { message: 'url must be an http or https URL' },
  )
  url: string;

  @ApiProperty({
    description: 'Event types to receive',
    enum: EventType,
    enumName: 'WebhookEventType',
    isArray: true,
    example: [EventType.ClaimStatusChanged],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsEnum(EventType, { each: true })
  events: EventType[];

  @ApiPropertyOptional({
    description:
      'Signing secret, `whsec_` + base64 of 24 to 64 random bytes; generated when left out',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(SECRET_PATTERN, { message: 'secret must be whsec_ followed by base64' })
  @ValidateBy({
    name: 'isWebhookSecret',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isValidSecret(value),
      defaultMessage: () => 'secret must decode to 24 to 64 bytes',
    },
  })
  secret?: string;
}

export class WebhookSubscriptionResponseDto {
  @ApiProperty({ description: 'Identifier', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Where deliveries go' })
  url: string;

  @ApiProperty({
    description: 'Event types it receives',
    enum: EventType,
    enumName: 'WebhookEventType',
    isArray: true,
  })
  events: EventType[];

  @ApiProperty({ description: 'Who created it', nullable: true, type: String, format: 'uuid' })
  createdBy: string | null;

  @ApiProperty({ description: 'When it was created' })
  createdAt: string;
}

export class CreatedWebhookSubscriptionDto extends WebhookSubscriptionResponseDto {
  @ApiProperty({
    description:
      'The signing secret, shown this once: verify each delivery’s webhook-signature with it (Standard Webhooks)',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  secret: string;
}

export class WebhookSubscriptionPageDto {
  @ApiProperty({
    description: 'Live subscriptions, oldest first',
    type: [WebhookSubscriptionResponseDto],
  })
  items: WebhookSubscriptionResponseDto[];

  @ApiProperty({
    description: 'Cursor of the next page, or null on the last',
    nullable: true,
    type: String,
  })
  nextCursor: string | null;
}
