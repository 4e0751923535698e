/**
 * Byte-faithful rewriting of a file whose text was decoded as UTF-8.
 *
 * Node decodes bytes that are not valid UTF-8 as U+FFFD (WHATWG Encoding Standard, "UTF-8
 * decode", maximal subparts). Writing the decoded text back would replace every such byte (any
 * Latin-1 migration) for good. Instead the fixes are spliced into the original bytes: every
 * UTF-16 offset of the decoded text is mapped back to the byte offset it came from.
 */

/**
 * Byte offsets of the UTF-16 positions of `bytes` decoded as UTF-8: `result[i]` is the byte offset
 * where text unit `i` starts, and `result[text.length]` is `bytes.length`. Returns undefined when
 * this decoder and Node's disagree on the text (then nothing should be written).
 */
export function utf16ToByteOffsets(bytes: Uint8Array, text: string): Uint32Array | undefined {
  const offsets = new Uint32Array(text.length + 1);
  let unit = 0;
  let index = 0;
  const length = bytes.length;
  while (index < length) {
    const start = index;
    const first = bytes[index]!;
    let needed = 0;
    let lower = 0x80;
    let upper = 0xbf;
    let codePoint = first;
    if (first < 0x80) needed = 0;
    else if (first >= 0xc2 && first <= 0xdf) {
      needed = 1;
      codePoint = first & 0x1f;
    } else if (first >= 0xe0 && first <= 0xef) {
      needed = 2;
      codePoint = first & 0x0f;
      if (first === 0xe0) lower = 0xa0;
      if (first === 0xed) upper = 0x9f;
    } else if (first >= 0xf0 && first <= 0xf4) {
      needed = 3;
      codePoint = first & 0x07;
      if (first === 0xf0) lower = 0x90;
      if (first === 0xf4) upper = 0x8f;
    } else {
      codePoint = 0xfffd;
      needed = -1;
    }
    index++;
    if (needed > 0) {
      let seen = 0;
      while (seen < needed) {
        const next = bytes[index];
        if (next === undefined || next < lower || next > upper) break;
        codePoint = (codePoint << 6) | (next & 0x3f);
        lower = 0x80;
        upper = 0xbf;
        index++;
        seen++;
      }
      if (seen < needed) codePoint = 0xfffd; // a maximal subpart: the byte that broke it starts the next
    }
    const units = codePoint > 0xffff ? 2 : 1;
    if (unit + units > text.length) return undefined;
    offsets[unit] = start;
    if (units === 2) offsets[unit + 1] = start;
    if (text.codePointAt(unit) !== codePoint) return undefined;
    unit += units;
  }
  if (unit !== text.length) return undefined;
  offsets[unit] = length;
  return offsets;
}

/** A replacement of the UTF-16 range `[startOffset, endOffset)` of the decoded text. */
export interface TextEdit {
  startOffset: number;
  endOffset: number;
  text: string;
}

/**
 * The bytes of `original` with `edits` applied (edits sorted by start, not overlapping), keeping
 * every byte outside the edited ranges as it was. Returns undefined when the bytes cannot be
 * mapped to `decoded` (see `utf16ToByteOffsets`) or an edit starts or ends inside a character.
 */
export function spliceBytes(original: Buffer, decoded: string, edits: readonly TextEdit[]): Buffer | undefined {
  const offsets = utf16ToByteOffsets(original, decoded);
  if (!offsets) return undefined;
  const parts: Buffer[] = [];
  let position = 0;
  for (const edit of edits) {
    const start = offsets[edit.startOffset];
    const end = offsets[edit.endOffset];
    if (start === undefined || end === undefined || start < position || end < start) return undefined;
    if (edit.startOffset > 0 && offsets[edit.startOffset - 1] === start) return undefined; // inside a surrogate pair
    parts.push(original.subarray(position, start), Buffer.from(edit.text, 'utf8'));
    position = end;
  }
  parts.push(original.subarray(position));
  return Buffer.concat(parts);
}
