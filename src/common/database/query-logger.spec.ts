import { QueryFailedError } from 'typeorm';

import { loggableError } from './query-logger';

describe('loggableError', () => {
  it('keeps what failed and drops the query parameters and the driver detail', () => {
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
      detail: 'Key (email)=(leyla@example.org) already exists.',
    });
    const error = new QueryFailedError(
      'INSERT INTO notes (body) VALUES ($1)',
      ['diagnosis: traumatic brain injury'],
      driverError,
    );
    const logged = loggableError(error);
    expect(logged).toMatchObject({
      type: 'QueryFailedError',
      code: '23505',
      query: 'INSERT INTO notes (body) VALUES ($1)',
    });
    expect(JSON.stringify(logged)).not.toMatch(/traumatic|leyla@example\.org/);
  });

  it('handles errors from another realm and values that are not errors', () => {
    expect(
      loggableError({ name: 'Error', message: 'connect ECONNREFUSED', code: 'ECONNREFUSED' }),
    ).toMatchObject({ message: 'connect ECONNREFUSED', code: 'ECONNREFUSED' });
    expect(loggableError('plain string')).toBe('plain string');
  });
});
