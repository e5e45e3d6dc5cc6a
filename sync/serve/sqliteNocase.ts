/**
 * SQLite's NOCASE collation in JavaScript, so rows can be ordered after the query without a temp B-tree:
 * ASCII letters fold to lower case (nothing else does), then strings compare by their UTF-8 bytes, which
 * is code point order. JavaScript's `<` compares UTF-16 units instead, which puts U+10000 and above
 * (surrogate pairs, D800–DFFF) before U+E000–U+FFFF; the fix-up below restores code point order.
 */
export function compareNocase(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0x41 && x <= 0x5a) x += 0x20;
    if (y >= 0x41 && y <= 0x5a) y += 0x20;
    if (x === y) continue;
    return codePointOrder(x) - codePointOrder(y);
  }
  return a.length - b.length;
}

/** SQLite's BINARY collation: UTF-8 byte order, i.e. code point order. */
export function compareBinary(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointOrder(x) - codePointOrder(y);
  }
  return a.length - b.length;
}

/** A UTF-16 unit's rank in code point order: surrogates (U+10000 and above) sort after U+E000–U+FFFF. */
function codePointOrder(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}
