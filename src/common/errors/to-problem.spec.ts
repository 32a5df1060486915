import { QueryFailedError } from 'typeorm';

import { toProblem } from './to-problem';

const pg = (code: string) =>
  new QueryFailedError('SELECT 1', [], Object.assign(new Error(`pg ${code}`), { code }));

describe('toProblem: database trouble', () => {
  it.each([
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    [
      'a connection error from another realm (not instanceof Error)',
      { message: 'connect ECONNREFUSED', code: 'ECONNREFUSED' },
    ],
    ['a pool wait over the connect timeout', new Error('timeout exceeded when trying to connect')],
    ['a backend terminated mid-query', new Error('Connection terminated unexpectedly')],
    [
      'a query runner released by a dead connection',
      new Error('Query runner already released. Cannot run queries anymore.'),
    ],
    ['a statement timeout', pg('57014')],
    ['an administrator shutdown', pg('57P01')],
  ])('%s answers 503', (_name, error) => {
    expect(toProblem(error).problem).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
  });

  it.each(['40001', '40P01'])('%s (after the retries) answers 409', (code) => {
    expect(toProblem(pg(code)).problem).toMatchObject({ status: 409, code: 'CONFLICT' });
  });

  it.each(['22021', '22P05'])('%s (a NUL character in text or JSON) answers 400', (code) => {
    expect(toProblem(pg(code)).problem).toMatchObject({ status: 400, code: 'MALFORMED_REQUEST' });
  });

  it('anything else answers 500 with the request id only', () => {
    expect(toProblem(new Error('boom'), 'req-1').problem).toEqual({
      type: 'urn:problem-type:internal-error',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred; quote the request id when reporting it',
      code: 'INTERNAL_ERROR',
      requestId: 'req-1',
    });
  });
});
