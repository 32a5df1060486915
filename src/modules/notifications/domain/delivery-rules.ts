/** Retry and failure rules of outbox delivery, as pure functions. */

/** The longest wait between two attempts. */
export const MAX_RETRY_DELAY_MS = 6 * 3600 * 1000;

/** Up to this share is added at random, so receivers back from an outage are not hit at once. */
export const RETRY_JITTER = 0.25;

/**
 * Wait before the next attempt after `attempts` failed ones: base, 2 x base, 4 x base... up to
 * six hours, plus up to a quarter at random. Each wait is at least 1.6 times the previous one
 * (2 / 1.25), so the delays always grow.
 */
export function retryDelayMs(
  attempts: number,
  baseMs: number,
  random: number = Math.random(),
): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  const delay = Math.min(baseMs * 2 ** exponent, MAX_RETRY_DELAY_MS);
  return Math.round(delay * (1 + RETRY_JITTER * Math.min(Math.max(random, 0), 1)));
}

/** What happens to a notification after a failed attempt. */
export function afterFailure(attempts: number, maxAttempts: number): 'retry' | 'dead' {
  return attempts >= maxAttempts ? 'dead' : 'retry';
}

/**
 * An error text as stored in `lastError` and shown to administrators: one line, bounded, with
 * e-mail addresses removed (an SMTP server's refusal often quotes the recipient).
 */
export function describeFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text
    .replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '[address]')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 500);
}
