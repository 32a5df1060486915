import { zxcvbn, zxcvbnOptions } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

zxcvbnOptions.setOptions({
  dictionary: { ...common.dictionary },
  graphs: common.adjacencyGraphs,
});

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * NIST SP 800-63B style: length 12 to 128, no composition rules, and a refusal of passwords
 * found in common-password lists or guessable from them (zxcvbn score below 3).
 * Returns the reason a password is refused, or null when it is acceptable.
 */
export function passwordProblem(password: string, context: string[] = []): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  const flat = password.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  for (const c of context) {
    const local = c
      .split('@')[0]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '');
    if (local.length >= 4 && flat.includes(local)) return 'must not contain your email address';
  }
  const words = context
    .flatMap((c) => [c, ...c.split(/[^\p{L}\p{N}]+/u)])
    .filter((w) => w.length > 2);
  const result = zxcvbn(password, words);
  if (result.score < 3) return 'is too common or too easy to guess; use a longer passphrase';
  return null;
}
