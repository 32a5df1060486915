import type { AllowedFileType } from './file-type';

/** Longest file name kept, in characters (the column holds 255). */
export const MAX_FILE_NAME_LENGTH = 200;

export const FALLBACK_FILE_NAME = 'document';

// C0 and C1 controls, DEL, and the invisible characters that reorder or hide text
// (bidi overrides such as U+202E can make "scan\u202Efdp.exe" display as "scanexe.pdf").
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
// Reserved on common file systems, or meaningful in a Content-Disposition header.
const RESERVED = /[<>:"|?*\\/]/g;

/**
 * The uploader's file name made harmless to store and to send back: no directories (so
 * `../../etc/passwd.pdf` becomes `passwd.pdf`), no control or invisible characters, no
 * leading dots, at most MAX_FILE_NAME_LENGTH characters with the extension kept. The name is
 * only ever metadata: files are stored under a server-generated key.
 */
export function neutraliseFileName(raw: string | null | undefined): string {
  let name = (raw ?? '').normalize('NFC');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name
    .replace(/[\t\n\r\v\f]/g, ' ')
    .replace(INVISIBLE, '')
    .replace(RESERVED, '_');
  name = name.replace(/\s+/g, ' ').trim();
  name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (name === '') return FALLBACK_FILE_NAME;
  return truncateKeepingExtension(name, MAX_FILE_NAME_LENGTH);
}

/**
 * Makes the name's extension agree with the type detected from the bytes, so the file opens
 * with the right program: `scan.pdf` holding PNG bytes becomes `scan.pdf.png`.
 */
export function withExtensionFor(name: string, type: AllowedFileType): string {
  const lower = name.toLowerCase();
  if (type.extensions.some((ext) => lower.endsWith(ext) && lower.length > ext.length)) {
    return name;
  }
  const ext = type.extensions[0]!;
  return truncateKeepingExtension(`${name}${ext}`, MAX_FILE_NAME_LENGTH);
}

function truncateKeepingExtension(name: string, max: number): string {
  const chars = [...name];
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? [...name.slice(dot)] : [];
  if (ext.length === 0 || ext.length > 16) return chars.slice(0, max).join('').trimEnd();
  const stem = [...name.slice(0, dot)]
    .slice(0, max - ext.length)
    .join('')
    .trimEnd();
  return `${stem}${ext.join('')}`;
}

/**
 * `attachment` with an ASCII fallback and the exact name in RFC 8187 form, so no browser
 * renders the file inline and no character of the name can break out of the header.
 */
export function contentDisposition(fileName: string): string {
  const ascii =
    fileName
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\x20-\x7e]/g, '_')
      .replace(/["\\%;]/g, '_')
      .trim() || FALLBACK_FILE_NAME;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc8187(fileName)}`;
}

function encodeRfc8187(value: string): string {
  // encodeURIComponent leaves !'()* alone; of those only ! is an RFC 8187 attr-char.
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** For auditors: the extension shows what kind of file it is, the name (often a person's) does not. */
export function maskFileName(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  const ext = dot > 0 && fileName.length - dot <= 6 ? fileName.slice(dot) : '';
  return `••••${ext}`;
}
