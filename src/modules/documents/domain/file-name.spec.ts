import {
  contentDisposition,
  FALLBACK_FILE_NAME,
  maskFileName,
  MAX_FILE_NAME_LENGTH,
  neutraliseFileName,
  withExtensionFor,
} from './file-name';
import { detectFileType } from './file-type';

describe('neutraliseFileName', () => {
  it.each([
    ['death-certificate.pdf', 'death-certificate.pdf'],
    ['../../etc/passwd.pdf', 'passwd.pdf'],
    ['/etc/passwd.pdf', 'passwd.pdf'],
    ['..\\..\\Windows\\system32\\scan.pdf', 'scan.pdf'],
    ['C:\\Users\\Aliyev\\Desktop\\kinship.png', 'kinship.png'],
    ['dir/sub/', FALLBACK_FILE_NAME],
    ['..', FALLBACK_FILE_NAME],
    ['...pdf', 'pdf'],
    ['.htaccess', 'htaccess'],
    ['scan.pdf.', 'scan.pdf'],
    ['  spaced   out  name .pdf  ', 'spaced out name .pdf'],
    ['tab\tand\nnewline.pdf', 'tab and newline.pdf'],
    ['nul\u0000byte.pdf', 'nulbyte.pdf'],
    ['bell\u0007\u001b[31mred.pdf', 'bell[31mred.pdf'],
    ['scan\u202Efdp.exe', 'scanfdp.exe'],
    ['zero\u200Bwidth\uFEFF.pdf', 'zerowidth.pdf'],
    ['a<b>c:d"e|f?g*h.pdf', 'a_b_c_d_e_f_g_h.pdf'],
    ['Свидетельство о смерти.pdf', 'Свидетельство о смерти.pdf'],
    ['Əliyev şəhadətnamə.jpg', 'Əliyev şəhadətnamə.jpg'],
    ['', FALLBACK_FILE_NAME],
    ['\u0000\u0001', FALLBACK_FILE_NAME],
  ])('%j becomes %j', (raw, expected) => {
    expect(neutraliseFileName(raw)).toBe(expected);
  });

  it('falls back when there is no name at all', () => {
    expect(neutraliseFileName(undefined)).toBe(FALLBACK_FILE_NAME);
    expect(neutraliseFileName(null)).toBe(FALLBACK_FILE_NAME);
  });

  it('composes decomposed Unicode (NFC)', () => {
    expect(neutraliseFileName('Ə\u0301.pdf')).toBe('Ə\u0301.pdf'.normalize('NFC'));
    expect(neutraliseFileName('e\u0301.pdf')).toBe('é.pdf');
  });

  it('limits the length and keeps the extension', () => {
    const name = neutraliseFileName(`${'x'.repeat(500)}.pdf`);
    expect(name).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('counts characters, not UTF-16 units, and never splits one', () => {
    const name = neutraliseFileName(`${'😀'.repeat(300)}.pdf`);
    expect([...name]).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(name.endsWith('.pdf')).toBe(true);
    expect(name).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('cuts a long name without a usable extension plainly', () => {
    expect(neutraliseFileName('y'.repeat(300))).toHaveLength(MAX_FILE_NAME_LENGTH);
  });
});

describe('withExtensionFor', () => {
  const pdf = detectFileType(Buffer.from('%PDF-'))!;
  const png = detectFileType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))!;
  const jpeg = detectFileType(Buffer.from([0xff, 0xd8, 0xff]))!;

  it.each([
    ['scan.pdf', pdf, 'scan.pdf'],
    ['SCAN.PDF', pdf, 'SCAN.PDF'],
    ['scan', pdf, 'scan.pdf'],
    ['scan.pdf', png, 'scan.pdf.png'],
    ['photo.jpeg', jpeg, 'photo.jpeg'],
    ['photo.JPG', jpeg, 'photo.JPG'],
    ['invoice.exe', pdf, 'invoice.exe.pdf'],
  ])('%s holding %s is %s', (name, type, expected) => {
    expect(withExtensionFor(name, type!)).toBe(expected);
  });

  it('stays within the length limit', () => {
    const long = neutraliseFileName('z'.repeat(400));
    const name = withExtensionFor(long, png);
    expect(name).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(name.endsWith('.png')).toBe(true);
  });
});

describe('contentDisposition', () => {
  it('sends an attachment with an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('report.pdf')).toBe(
      `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`,
    );
  });

  it('encodes non-ASCII names per RFC 8187 and transliterates the fallback', () => {
    const header = contentDisposition('Şəhadətnamə é.pdf');
    expect(header).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(header).toContain('filename="S_had_tnam_ e.pdf"');
    expect(decodeURIComponent(header.split("UTF-8''")[1]!)).toBe('Şəhadətnamə é.pdf');
  });

  it.each([
    'a"b.pdf',
    'a\\b.pdf',
    "a'b(c)*.pdf",
    'a;b=c.pdf',
    'x\r\nSet-Cookie: y.pdf',
    '100%.pdf',
  ])('cannot be broken out of by %j', (name) => {
    const header = contentDisposition(name);
    expect(header).not.toMatch(/[\r\n]/);
    const quoted = /filename="([^"]*)"; filename\*=UTF-8''([A-Za-z0-9!#$&+\-.^_`|~%]+)$/.exec(
      header,
    );
    expect(quoted).not.toBeNull();
    expect(quoted![1]).not.toMatch(/["\\;%]/);
    expect(decodeURIComponent(quoted![2]!)).toBe(name);
  });

  it('never sends an empty fallback', () => {
    expect(contentDisposition('你好')).toContain('filename="__"');
  });
});

describe('maskFileName', () => {
  it.each([
    ['Aliyev death certificate.pdf', '••••.pdf'],
    ['scan.jpeg', '••••.jpeg'],
    ['no-extension', '••••'],
    ['weird.extension-too-long', '••••'],
  ])('%s is shown as %s', (name, masked) => {
    expect(maskFileName(name)).toBe(masked);
  });
});
