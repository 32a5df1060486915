/** Field-cipher purpose of webhook secrets (bound as associated data). */
export const WEBHOOK_SECRET_PURPOSE = 'webhook.secret';
