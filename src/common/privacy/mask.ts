/** Masks for auditors and lists: enough to tell records apart, not enough to identify anyone. */
export function maskName(fullName: string): string {
  return fullName
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => `${[...part][0] ?? ''}.`)
    .join(' ');
}

export function maskTail(value: string, visible = 4): string {
  const chars = [...value.replace(/\s+/g, '')];
  return `••••${chars.slice(-Math.min(visible, Math.floor(chars.length / 3))).join('')}`;
}

/** Year only. */
export function maskDate(date: string | null): string | null {
  return date ? `${date.slice(0, 4)}-**-**` : null;
}
