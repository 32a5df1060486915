import { detectFileType, SNIFF_BYTES } from './file-type';

const bytes = (...values: number[]) => Uint8Array.from(values);
const ascii = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));

describe('detectFileType', () => {
  it.each([
    ['PDF', ascii('%PDF-1.7\n%âãÏÓ'), 'application/pdf'],
    ['PDF 1.4, header only', ascii('%PDF-'), 'application/pdf'],
    ['JPEG (JFIF)', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), 'image/jpeg'],
    ['JPEG (Exif)', bytes(0xff, 0xd8, 0xff, 0xe1), 'image/jpeg'],
    ['PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d), 'image/png'],
  ])('recognises %s', (_, head, mimeType) => {
    expect(detectFileType(head)?.mimeType).toBe(mimeType);
  });

  it.each([
    ['an ELF executable', bytes(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0)],
    ['a Windows PE executable', ascii('MZ\x90\x00\x03\x00\x00\x00')],
    ['a Mach-O executable', bytes(0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1)],
    ['a shell script', ascii('#!/bin/sh\nrm -rf /')],
    ['a ZIP archive (docx too)', bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0)],
    ['HTML', ascii('<!DOCTYPE html><script>')],
    ['SVG', ascii('<svg xmlns="http://www.w3.org/2000/svg">')],
    ['a GIF', ascii('GIF89a\x01\x00')],
    ['an empty file', bytes()],
    ['a PDF header not at the start', ascii(' %PDF-1.7')],
    ['a truncated PNG signature', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a)],
    ['a lone JPEG SOI', bytes(0xff, 0xd8)],
    ['lower-case pdf', ascii('%pdf-1.7')],
  ])('refuses %s', (_, head) => {
    expect(detectFileType(head)).toBeNull();
  });

  it('needs no more than SNIFF_BYTES to decide', () => {
    expect(SNIFF_BYTES).toBe(8);
  });
});
