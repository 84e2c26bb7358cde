/**
 * Whether the document being built may hold an empty value (null, "", [] or {}, at any depth),
 * the values Elastic's final clean-up removes. The event stream writes nearly nothing empty (its
 * column values are cleaned as they are written, see ColumnValues.writeVendor), so walking every
 * document for empties was a pure cost; instead every write through setPath() or setField()
 * reports its value here, and finishDocument() runs removeEmpty() only when one of them could
 * have left something to remove.
 *
 * The flag is per process and per record: normalization is synchronous, so the record being
 * built is the only one writing between startWatch() and mayHoldEmpty(). Code that writes into a
 * document without setPath()/setField() must clean its values itself.
 */
let suspect = false;

export function startWatch(): void {
  suspect = false;
}

export function watchWrite(value: unknown): void {
  if (!suspect && holdsEmpty(value)) suspect = true;
}

export function mayHoldEmpty(): boolean {
  return suspect;
}

/** Whether removeEmpty() (object.ts) would change or drop the value: it is, or holds, an empty value. */
export function holdsEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    if (value.length === 0) return true;
    for (let i = 0; i < value.length; i++) if (holdsEmpty(value[i])) return true;
    return false;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return true;
  for (const key of keys) if (holdsEmpty((value as Record<string, unknown>)[key])) return true;
  return false;
}
