import { Role } from '../../common/auth/role';
import { VerifiedTokens } from './verified-tokens';

const claims = (exp: number) => ({ sub: 'u', role: Role.CaseWorker, sid: 's', ep: 0, exp });

describe('VerifiedTokens', () => {
  it('knows a verified token until the second of its exp, as jsonwebtoken counts', () => {
    const tokens = new VerifiedTokens();
    tokens.add('a.b.c', claims(1_000));
    expect(tokens.get('a.b.c', 999_999)).toMatchObject({ sub: 'u', exp: 1_000 });
    expect(tokens.get('a.b.c', 1_000_000)).toBeUndefined();
    // Forgotten once expired.
    expect(tokens.size).toBe(0);
  });

  it('knows nothing of a token it was not given, nor of a different text', () => {
    const tokens = new VerifiedTokens();
    tokens.add('a.b.c', claims(1_000));
    expect(tokens.get('a.b.d', 0)).toBeUndefined();
    expect(tokens.get('a.b.c ', 0)).toBeUndefined();
  });

  it('keeps at most 10,000 tokens, dropping the oldest', () => {
    const tokens = new VerifiedTokens();
    for (let i = 0; i <= 10_000; i++) tokens.add(`t${i}`, claims(1_000));
    expect(tokens.size).toBe(10_000);
    expect(tokens.get('t0', 0)).toBeUndefined();
    expect(tokens.get('t10000', 0)).toBeDefined();
  });
});
