/** Reads a ZIP archive of stored (uncompressed) entries, for tests: name -> bytes. */
export function readZip(zip: Uint8Array): Map<string, Uint8Array> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = zip.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a ZIP archive: no end of central directory');
  const count = view.getUint16(end + 10, true);
  let p = view.getUint32(end + 16, true);
  const out = new Map<string, Uint8Array>();
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (view.getUint32(p, true) !== 0x02014b50) throw new Error('bad central directory entry');
    if (view.getUint16(p + 10, true) !== 0) throw new Error('compressed entry');
    const size = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const skip = nameLen + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
    const local = view.getUint32(p + 42, true);
    const name = decoder.decode(zip.subarray(p + 46, p + 46 + nameLen));
    const data = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    out.set(name, zip.subarray(data, data + size));
    p += 46 + skip;
  }
  return out;
}
