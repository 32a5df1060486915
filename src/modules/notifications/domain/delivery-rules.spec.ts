import { afterFailure, describeFailure, MAX_RETRY_DELAY_MS, retryDelayMs } from './delivery-rules';

describe('retryDelayMs', () => {
  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
    [8, 128000],
  ])('after %i failed attempt(s) waits base x 2^(n-1): %i ms without jitter', (attempts, ms) => {
    expect(retryDelayMs(attempts, 1000, 0)).toBe(ms);
  });

  it('adds at most a quarter at random', () => {
    expect(retryDelayMs(1, 1000, 0.999999)).toBe(1250);
    expect(retryDelayMs(3, 1000, 0.5)).toBe(4500);
  });

  it('never waits longer than six hours (plus jitter)', () => {
    expect(retryDelayMs(40, 30_000, 0)).toBe(MAX_RETRY_DELAY_MS);
  });

  it('grows at every attempt whatever the jitter', () => {
    for (let n = 1; n < 12; n++) {
      expect(retryDelayMs(n + 1, 300, 0)).toBeGreaterThan(retryDelayMs(n, 300, 1));
    }
  });
});

describe('afterFailure', () => {
  it.each([
    [1, 8, 'retry'],
    [7, 8, 'retry'],
    [8, 8, 'dead'],
    [9, 8, 'dead'],
    [1, 1, 'dead'],
  ] as const)('attempt %i of %i: %s', (attempts, max, outcome) => {
    expect(afterFailure(attempts, max)).toBe(outcome);
  });
});

describe('describeFailure', () => {
  it('keeps one bounded line without e-mail addresses', () => {
    const text = describeFailure(
      new Error('550 5.1.1 <leyla.aliyeva@example.org>: Recipient\naddress rejected'),
    );
    expect(text).toBe('550 5.1.1 <[address]>: Recipient address rejected');
    expect(describeFailure('x'.repeat(900))).toHaveLength(500);
  });
});
