import { Writable } from 'node:stream';

import pino from 'pino';

import { loadConfig } from '../../config/app-config';
import { rootLogger } from './logger-options';

const streamOf = (logger: pino.Logger) =>
  (logger as unknown as Record<symbol, { constructor: { name: string } }>)[pino.symbols.streamSym];

describe('rootLogger', () => {
  it('writes through pino-pretty in development (readable lines)', () => {
    const stream = streamOf(rootLogger(loadConfig({ NODE_ENV: 'development' })));
    expect(stream.constructor.name).toBe('Transform');
  });

  it('writes JSON to stdout in production and in tests, and when told to', () => {
    for (const env of [{ NODE_ENV: 'test' }, { NODE_ENV: 'development', LOG_FORMAT: 'json' }]) {
      // pino's own stdout writer (process.stdout itself under jest), not pino-pretty's stream.
      expect(streamOf(rootLogger(loadConfig(env))).constructor.name).not.toBe('Transform');
    }
  });

  it('writes JSON to a given destination whatever the format (the tests read it)', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write: (chunk: Buffer, _e, done) => {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = rootLogger(loadConfig({ NODE_ENV: 'development' }), destination);
    logger.info({ body: { password: 'hunter2' }, user: { iban: 'GB00' } }, 'hello');
    const line = JSON.parse(lines.join('')) as Record<string, unknown>;
    expect(line).toMatchObject({
      msg: 'hello',
      body: { password: '[redacted]' },
      user: { iban: '[redacted]' },
    });
  });
});
