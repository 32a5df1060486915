/**
 * The file types a document may have, told apart by their leading bytes (magic numbers),
 * never by the uploader's file name or Content-Type header. Pure: no Nest or TypeORM.
 */
export interface AllowedFileType {
  mimeType: 'application/pdf' | 'image/jpeg' | 'image/png';
  /** Extensions a file of this type may carry; the first is the canonical one. */
  extensions: readonly string[];
  magic: readonly number[];
}

export const ALLOWED_FILE_TYPES: readonly AllowedFileType[] = [
  // "%PDF-"
  { mimeType: 'application/pdf', extensions: ['.pdf'], magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  // SOI marker followed by the first byte of the next marker
  { mimeType: 'image/jpeg', extensions: ['.jpg', '.jpeg'], magic: [0xff, 0xd8, 0xff] },
  // "\x89PNG\r\n\x1a\n"
  {
    mimeType: 'image/png',
    extensions: ['.png'],
    magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  },
];

/** How many leading bytes detection needs. */
export const SNIFF_BYTES = Math.max(...ALLOWED_FILE_TYPES.map((t) => t.magic.length));

/** The allowed type the bytes begin with, or null (executables, archives, HTML, empty...). */
export function detectFileType(head: Uint8Array): AllowedFileType | null {
  return (
    ALLOWED_FILE_TYPES.find(
      (type) => head.length >= type.magic.length && type.magic.every((b, i) => head[i] === b),
    ) ?? null
  );
}

export const ALLOWED_MIME_TYPES = ALLOWED_FILE_TYPES.map((t) => t.mimeType);
