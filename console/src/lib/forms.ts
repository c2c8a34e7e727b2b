/** Small parsers for the text areas forms use instead of row editors: one item, or one `name<sep>value` pair, a line. */

/** Non-blank lines, trimmed. */
export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/**
 * `NAME=value` (or `Name: value`) lines into a record; the first separator splits, so values may contain it.
 * Returns the lines it could not read, so the form can say which.
 */
export function pairs(text: string, separator: '=' | ':'): { value: Record<string, string>; invalid: string[] } {
  const value: Record<string, string> = {};
  const invalid: string[] = [];
  for (const line of lines(text)) {
    const at = line.indexOf(separator);
    const name = at > 0 ? line.slice(0, at).trim() : '';
    if (!name) invalid.push(line);
    else value[name] = line.slice(at + 1).trim();
  }
  return { value, invalid };
}

/** An optional number input: '' is absent. */
export const optionalNumber = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));

/** An optional text input: '' (or blanks) is absent. */
export const optionalText = (text: string): string | undefined => (text.trim() === '' ? undefined : text.trim());
