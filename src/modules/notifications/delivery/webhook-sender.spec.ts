import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';

import { guardedLookup, postWebhook, WebhookAddressError } from './webhook-sender';

/** SSRF rules at delivery: the address checked is the one the socket connects to. */
describe('webhook delivery address checks', () => {
  it('refuses a host name that resolves to loopback unless private targets are allowed', async () => {
    const lookup = (allow: boolean) =>
      new Promise<unknown>((resolve) =>
        guardedLookup(allow)('localhost', {}, (error, address) => resolve(error ?? address)),
      );
    expect(await lookup(false)).toBeInstanceOf(WebhookAddressError);
    expect(await lookup(true)).toEqual(expect.stringMatching(/^(127\.0\.0\.1|::1)$/));
  });

  it('refuses an IP literal on a private network before connecting', async () => {
    await expect(
      postWebhook('http://10.255.255.1:9/x', {}, '{}', { allowPrivate: false, timeoutMs: 100 }),
    ).rejects.toThrow(WebhookAddressError);
    await expect(
      postWebhook('http://localhost:9/x', {}, '{}', { allowPrivate: false, timeoutMs: 100 }),
    ).rejects.toThrow(/may not reach/);
  });

  it('posts when allowed, and follows no redirect', async () => {
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    try {
      const res = await postWebhook(`http://localhost:${port}/x`, {}, '{}', {
        allowPrivate: true,
        timeoutMs: 2000,
      });
      expect(res.status).toBe(302);
    } finally {
      server.close();
    }
  });
});
