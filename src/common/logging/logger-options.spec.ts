import { Writable } from 'node:stream';

import { loadConfig } from '../../config/app-config';
import { loggerOptions } from './logger-options';

describe('loggerOptions', () => {
  it('writes through pino-pretty in development (readable lines)', () => {
    const { pinoHttp } = loggerOptions(loadConfig({ NODE_ENV: 'development' }));
    expect(Array.isArray(pinoHttp)).toBe(true);
    const [, stream] = pinoHttp as [unknown, Writable];
    expect(typeof stream.write).toBe('function');
  });

  it('writes JSON to stdout in production and in tests, and when told to', () => {
    for (const env of [{ NODE_ENV: 'test' }, { NODE_ENV: 'development', LOG_FORMAT: 'json' }]) {
      expect(Array.isArray(loggerOptions(loadConfig(env)).pinoHttp)).toBe(false);
    }
  });

  it('writes to a given destination whatever the format (the tests read it)', () => {
    const destination = new Writable({ write: (_c, _e, done) => done() });
    const { pinoHttp } = loggerOptions(loadConfig({}), destination);
    expect((pinoHttp as [unknown, Writable])[1]).toBe(destination);
  });
});
