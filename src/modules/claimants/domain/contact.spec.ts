import { isValidPhone, mergeContact } from './contact';

describe('isValidPhone', () => {
  it.each(['+994501234567', '+994 50 123 45 67', '+7 (701) 123-45-67'])('accepts %s', (phone) => {
    expect(isValidPhone(phone)).toBe(true);
  });

  it.each(['0501234567', '12345', '+0 123 456 789', 'call me', '+994-50-123-45-67-89-01-23', ''])(
    'refuses %s',
    (phone) => {
      expect(isValidPhone(phone)).toBe(false);
    },
  );
});

describe('mergeContact', () => {
  it('keeps stored fields the request leaves out', () => {
    expect(
      mergeContact({ email: 'a@example.org', phone: '+994501234567' }, { phone: '+7701' }),
    ).toEqual({ email: 'a@example.org', phone: '+7701' });
  });

  it('starts from nothing when nothing is stored', () => {
    expect(mergeContact(null, { address: 'Baku' })).toEqual({ address: 'Baku' });
  });
});
