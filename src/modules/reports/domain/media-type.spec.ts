import { prefersCsv } from './media-type';

describe('prefersCsv', () => {
  it.each([
    ['text/csv', true],
    ['Text/CSV; charset=utf-8', true],
    ['text/csv, application/json', true],
    ['application/json;q=0.5, text/csv', true],
    ['text/csv;q=0.9, application/json', false],
    ['application/json, text/csv', false],
    ['text/csv;q=0', false],
    ['application/json', false],
    ['*/*', false],
    ['text/*', false],
    ['', false],
    [undefined, false],
  ])('Accept %j chooses CSV: %s', (accept, expected) => {
    expect(prefersCsv(accept)).toBe(expected);
  });
});
