import { createHash } from 'node:crypto';

import { DocumentErrorCode } from './domain/document-errors';
import { UploadInspector } from './upload-inspector';

async function* from(...parts: Buffer[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield part;
}

async function drain(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const chunk of source) out.push(chunk);
  return Buffer.concat(out);
}

describe('UploadInspector', () => {
  it('passes the bytes through and measures, hashes and keeps the head', async () => {
    const parts = [Buffer.from('%PD'), Buffer.from('F-1.7 and'), Buffer.from(' the rest')];
    const whole = Buffer.concat(parts);
    const inspector = new UploadInspector(1024);
    expect(await drain(inspector.inspect(from(...parts)))).toEqual(whole);
    expect(inspector.sizeBytes).toBe(whole.length);
    expect(inspector.sha256).toBe(createHash('sha256').update(whole).digest('hex'));
    expect(inspector.sha256).toBe(inspector.sha256);
    expect(inspector.head.toString()).toBe('%PDF-1.7');
  });

  it('keeps a short file whole as its head', async () => {
    const inspector = new UploadInspector(1024);
    await drain(inspector.inspect(from(Buffer.from([0xff, 0xd8]))));
    expect([...inspector.head]).toEqual([0xff, 0xd8]);
  });

  it('accepts exactly the limit and stops one byte beyond it with 413', async () => {
    const exact = new UploadInspector(10);
    await drain(exact.inspect(from(Buffer.alloc(6), Buffer.alloc(4))));
    expect(exact.sizeBytes).toBe(10);

    const over = new UploadInspector(10);
    await expect(drain(over.inspect(from(Buffer.alloc(6), Buffer.alloc(5))))).rejects.toMatchObject(
      { code: DocumentErrorCode.FileTooLarge, status: 413 },
    );
  });
});
