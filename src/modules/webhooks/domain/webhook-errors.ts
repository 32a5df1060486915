import { DomainError } from '../../../common/errors/domain-error';

export enum WebhookErrorCode {
  UrlNotAllowed = 'WEBHOOK_URL_NOT_ALLOWED',
}

export const WEBHOOK_ERROR_STATUS: Record<WebhookErrorCode, number> = {
  // A well-formed http(s) URL whose host is, or resolves to, an address webhooks may not reach.
  [WebhookErrorCode.UrlNotAllowed]: 422,
};

export class WebhookRuleError extends DomainError {
  declare readonly code: WebhookErrorCode;

  constructor(code: WebhookErrorCode, message: string) {
    super(code, WEBHOOK_ERROR_STATUS[code], message, [{ field: 'url', message }]);
    this.name = 'WebhookRuleError';
  }
}
