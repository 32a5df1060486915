import { Webhook } from 'standardwebhooks';

import { generateSecret, isValidSecret, secretKey, sign, verify } from './signature';

describe('Standard Webhooks signatures', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const body = '{"type":"claim.status_changed","timestamp":"2026-11-29T10:00:00.000Z","data":{}}';

  it('matches the reference library', () => {
    const id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = sign(secret, id, timestamp, body);
    const payload = new Webhook(secret).verify(body, {
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signature,
    });
    expect(payload).toEqual(JSON.parse(body));
    expect(new Webhook(secret).sign(id, new Date(timestamp * 1000), body)).toBe(signature);
  });

  it('signs id.timestamp.body with the decoded key', () => {
    expect(sign(secret, 'id1', 1700000000, '{}')).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(verify(secret, 'id1', 1700000000, '{}', sign(secret, 'id1', 1700000000, '{}'))).toBe(
      true,
    );
    expect(verify(secret, 'id1', 1700000001, '{}', sign(secret, 'id1', 1700000000, '{}'))).toBe(
      false,
    );
  });

  it('generates whsec_ secrets of 24 random bytes', () => {
    const a = generateSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(secretKey(a)).toHaveLength(24);
    expect(generateSecret()).not.toBe(a);
  });

  it.each([
    'whsec_',
    'whsec_short',
    'secret_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    `whsec_${'A'.repeat(100)}`,
  ])('refuses the malformed secret %s', (s) => expect(isValidSecret(s)).toBe(false));
});
