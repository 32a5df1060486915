import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { RequirePermission } from '../../common/auth/decorators';
import { ApiAuthed } from '../../common/http/api';
import { ListNotificationsQueryDto, NotificationPageDto } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @RequirePermission('notifications:read')
  @ApiOperation({
    summary: 'Messages written by the outbox and their delivery (filter status=dead for failures)',
  })
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiAuthed()
  list(@Query() query: ListNotificationsQueryDto) {
    return this.notifications.list(query);
  }
}
