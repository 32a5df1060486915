import { neutraliseCell } from './csv-cell';

describe('neutraliseCell', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","click")', `'=HYPERLINK("http://evil.example","click")`],
    ['+1+2', `'+1+2`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1:A2)', `'@SUM(A1:A2)`],
    ['\t=1+1', `'\t=1+1`],
    // The formula after the carriage return is a line of its own to a spreadsheet.
    ['\r=1+1', `'\r'=1+1`],
    ['＝1+1', `'＝1+1`],
    ['-', `'-`],
    ['-cmd|calc', `'-cmd|calc`],
  ])('prefixes a formula-like cell %j with a single quote', (input, expected) => {
    expect(neutraliseCell(input)).toBe(expected);
  });

  it.each([
    ['\n=2+5', `\n'=2+5`],
    ['Leyla\n=HYPERLINK("x")', `Leyla\n'=HYPERLINK("x")`],
    ['Ali\r\n+cmd|calc', `Ali\r\n'+cmd|calc`],
    ['Aysel\r@SUM(A1)', `Aysel\r'@SUM(A1)`],
    ['Kamran\n\t=1+1', `Kamran\n'\t=1+1`],
    ['a\n-2\n＝1', `a\n'-2\n'＝1`],
  ])('neutralises a formula after a line break in %j', (input, expected) => {
    expect(neutraliseCell(input)).toBe(expected);
  });

  it.each(['-12.50', '-7', '40000.00', '0'])('keeps the plain number %j as it is', (input) => {
    expect(neutraliseCell(input)).toBe(input);
  });

  it.each([
    'Leyla Əliyeva',
    'Şəhla Çələbi-Öğüdücü',
    'Иван Петров',
    'Smith, "Jr."\nsecond line',
    'a=b',
    ' =1+1',
    '',
  ])('keeps the ordinary text %j unchanged', (input) => {
    expect(neutraliseCell(input)).toBe(input);
  });

  it('writes null and undefined as an empty cell', () => {
    expect(neutraliseCell(null)).toBe('');
    expect(neutraliseCell(undefined)).toBe('');
  });
});
