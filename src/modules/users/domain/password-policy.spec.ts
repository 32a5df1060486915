import { passwordProblem } from './password-policy';

describe('password policy', () => {
  it.each([
    ['short', /at least 12/],
    ['x'.repeat(129), /at most 128/],
    ['password1234', /too common/],
    ['Qwerty123456!', /too common/],
    ['iloveyou2024!', /too common/],
  ])('refuses %s', (password, reason) => {
    expect(passwordProblem(password)).toMatch(reason);
  });

  it('refuses a password built from the user’s own email', () => {
    expect(passwordProblem('nigar.aliyeva1', ['nigar.aliyeva@example.org'])).toMatch(/email/);
  });

  it.each(['Aktau-winter-sunrise-7', 'correct horse battery staple', 'ПаролЬ-для-дела-2024'])(
    'accepts a long passphrase: %s',
    (password) => {
      expect(passwordProblem(password)).toBeNull();
    },
  );
});
