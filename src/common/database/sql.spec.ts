import { DataSource } from 'typeorm';

import { and, compileSql, sql, toNumbered } from './sql';

// A data source that never connects: only its driver's parameter handling is used.
const manager = new DataSource({ type: 'postgres' }).manager;

describe('sql', () => {
  it('numbers named parameters in order of first use, one number per name', () => {
    expect(toNumbered(manager, sql('a = :x AND b = :y AND c = :x', { x: 1, y: 'two' }))).toEqual([
      'a = $1 AND b = $2 AND c = $1',
      [1, 'two'],
    ]);
  });

  it('spreads :...list and passes an array as one value otherwise', () => {
    expect(
      toNumbered(manager, sql('id IN (:...ids) OR id = ANY(:ids)', { ids: ['a', 'b'] })),
    ).toEqual(['id IN ($1, $2) OR id = ANY($3)', ['a', 'b', ['a', 'b']]]);
  });

  it('leaves casts and quoted text alone', () => {
    expect(
      toNumbered(manager, sql(`x = :day::date AND y = 'at 10:30 :literal'`, { day: '2025-01-01' })),
    ).toEqual([`x = $1::date AND y = 'at 10:30 :literal'`, ['2025-01-01']]);
  });

  it('refuses a parameter named like the type it is cast to', () => {
    expect(() => toNumbered(manager, sql('x = :date::date', { date: '2025-01-01' }))).toThrow(
      /also a type cast/,
    );
  });

  it('refuses a placeholder without a value', () => {
    expect(() => toNumbered(manager, sql('x = :one AND y = :two', { one: 1 }))).toThrow(
      /without a value: two/,
    );
  });

  it('joins present conditions with AND and merges their parameters', () => {
    const joined = and(sql('a = :a', { a: 1 }), false, null, sql('b = :b', { b: 2 }));
    expect(joined).toEqual({ sql: '(a = :a) AND (b = :b)', params: { a: 1, b: 2 } });
    expect(and()).toEqual({ sql: 'TRUE', params: {} });
  });

  it('compiles a statement once and binds each request’s values in the order of its text', () => {
    const compiled = compileSql(manager, "/* c */ SELECT :b, :a, :b, ':no' WHERE x::date = :a");
    expect(compiled.text).toBe("/* c */ SELECT $1, $2, $1, ':no' WHERE x::date = $2");
    expect(compiled.bind({ a: 'A', b: 'B' })).toEqual(['B', 'A']);
    expect(() => compiled.bind({ a: 'A' })).toThrow(/:b has no value/);
  });
});
