import { jsonDepth } from './json-depth';

describe('jsonDepth', () => {
  it.each([
    [null, 0],
    ['text', 0],
    [42, 0],
    [{}, 1],
    [[], 1],
    [{ a: 1, b: 'x' }, 1],
    [{ a: { b: [1, { c: 2 }] } }, 4],
    [[[], [[]]], 3],
  ])('%j nests %i deep', (value, depth) => {
    expect(jsonDepth(value)).toBe(depth);
  });

  it('walks a very deep value without recursion and stops early', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(jsonDepth(deep, 32)).toBe(33);
    expect(jsonDepth(deep)).toBe(100_000);
  });
});
