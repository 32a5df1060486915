import {
  ChainedEventBody,
  chainHash,
  ChainVerifier,
  diffChanges,
  GENESIS_HASH,
  REDACTED,
} from './audit-chain';

function chain(n: number) {
  let prev = GENESIS_HASH;
  return Array.from({ length: n }, (_, i) => {
    const body: ChainedEventBody = {
      seq: String(i + 1),
      occurredAt: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
      actorId: null,
      actorRole: null,
      action: 'test.event',
      entityType: 'test',
      entityId: String(i),
      requestId: null,
      ip: null,
      changes: { n: { before: i, after: i + 1 } },
    };
    const event = { ...body, prevHash: prev, hash: chainHash(prev, body) };
    prev = event.hash;
    return event;
  });
}

describe('audit chain', () => {
  it('hashes canonically: key order does not matter', () => {
    const [e] = chain(1);
    const { prevHash, hash, ...body } = e!;
    const reordered = Object.fromEntries(
      Object.entries(body).reverse(),
    ) as unknown as ChainedEventBody;
    expect(chainHash(prevHash, reordered)).toBe(hash);
  });

  it('accepts an intact chain', () => {
    const v = new ChainVerifier();
    chain(5).forEach((e) => v.accept(e));
    expect(v.result()).toEqual({ valid: true, checked: 5, firstInvalidSeq: null });
  });

  it('reports an edited event', () => {
    const events = chain(5);
    events[2] = { ...events[2]!, action: 'forged' };
    const v = new ChainVerifier();
    events.forEach((e) => v.accept(e));
    expect(v.result()).toEqual({ valid: false, checked: 3, firstInvalidSeq: '3' });
  });

  it('reports a deleted event at its missing position', () => {
    const events = chain(5).filter((e) => e.seq !== '2');
    const v = new ChainVerifier();
    events.forEach((e) => v.accept(e));
    expect(v.result()).toMatchObject({ valid: false, firstInvalidSeq: '2' });
  });

  it('keeps an event-less chain valid without checkpoints (the old behaviour)', () => {
    expect(new ChainVerifier().result()).toEqual({
      valid: true,
      checked: 0,
      firstInvalidSeq: null,
    });
  });

  describe('held to signed checkpoints', () => {
    const events = chain(6);
    const pins = new Map([
      ['3', events[2]!.hash],
      ['6', events[5]!.hash],
    ]);

    it('accepts a chain that agrees with them', () => {
      const v = new ChainVerifier(pins);
      events.forEach((e) => v.accept(e));
      expect(v.result()).toEqual({ valid: true, checked: 6, firstInvalidSeq: null });
    });

    it('reports a head cut below the newest checkpoint at the first missing position', () => {
      const v = new ChainVerifier(pins);
      events.slice(0, 4).forEach((e) => v.accept(e));
      expect(v.result()).toEqual({ valid: false, checked: 4, firstInvalidSeq: '5' });
    });

    it('reports a chain rebuilt from an edit at the first checkpoint it no longer matches', () => {
      const rebuilt = chain(6).map((e) => ({ ...e }));
      let prev = rebuilt[0]!.prevHash;
      for (const [i, e] of rebuilt.entries()) {
        const { prevHash: _p, hash: _h, ...body } = e;
        const forged = i === 1 ? { ...body, action: 'forged' } : body;
        rebuilt[i] = { ...forged, prevHash: prev, hash: chainHash(prev, forged) };
        prev = rebuilt[i]!.hash;
      }
      const v = new ChainVerifier(pins);
      rebuilt.forEach((e) => v.accept(e));
      expect(v.result()).toMatchObject({ valid: false, firstInvalidSeq: '3' });
    });
  });
});

describe('diffChanges', () => {
  it('keeps only changed fields and redacts personal ones', () => {
    expect(
      diffChanges(
        { status: 'draft', iban: 'AZ1', same: 1 },
        { status: 'submitted', iban: 'AZ2', same: 1 },
        ['iban'],
      ),
    ).toEqual({
      status: { before: 'draft', after: 'submitted' },
      iban: { before: REDACTED, after: REDACTED },
    });
  });
});
