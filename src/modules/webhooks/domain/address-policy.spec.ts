import { checkUrlForm, isPublicAddress } from './address-policy';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.0.10',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '64:ff9b::a00:1',
    'not-an-address',
  ])('%s is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    '%s is public',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );
});

describe('checkUrlForm', () => {
  it.each([
    ['ftp://example.org/x', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['http://user:pass@example.org/', 'credentials'],
    ['nonsense', 'malformed'],
  ])('refuses %s (%s)', (url, refusal) => {
    expect(checkUrlForm(url)).toEqual({ refusal });
  });

  it('accepts http and https', () => {
    expect('url' in checkUrlForm('https://hooks.example.org/a?b=c')).toBe(true);
    expect('url' in checkUrlForm('http://[2606:4700::1111]:8080/')).toBe(true);
  });
});
