/**
 * What the WebAssembly workspaces share (k-means in wasm.ts, k-prototypes in wasm-mixed.ts): the
 * on/off switch, compiled modules by key, the reuse of released memories, and the layout of
 * arrays in a memory.
 */

const modules = new Map<string, WebAssembly.Module | null>();
let enabled = true;

/**
 * Turns the wasm paths (k-means and k-prototypes) on or off (tests compare both); returns the
 * previous setting.
 */
export function setWasmEnabled(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}

/**
 * The compiled module for `key` (built by `bytes` on first use), or null when the wasm path is
 * off or unavailable. Modules are cached, including the failures.
 */
export function cachedModule(
  key: string,
  bytes: () => Uint8Array<ArrayBuffer>,
): WebAssembly.Module | null {
  if (!enabled || typeof WebAssembly === 'undefined') return null;
  let mod = modules.get(key);
  if (mod === undefined) {
    try {
      mod = new WebAssembly.Module(bytes());
    } catch {
      mod = null; // no SIMD, or a host that refuses synchronous compilation
    }
    modules.set(key, mod);
  }
  return mod;
}

const PAGE = 65536;
/**
 * The memory of the last released workspace, reused by the next one: a fresh memory costs a page
 * fault per 4 KB on first touch, as much as a whole assignment pass for a million rows.
 */
let spare: WebAssembly.Memory | null = null;

/** A memory of at least `bytes` (the last released one when there is one; see `spare`). */
export function takeMemory(bytes: number): WebAssembly.Memory {
  const pages = Math.ceil(bytes / PAGE);
  const mem = spare;
  spare = null;
  if (mem) {
    const have = mem.buffer.byteLength / PAGE;
    if (have < pages) mem.grow(pages - have);
    return mem;
  }
  return new WebAssembly.Memory({ initial: pages });
}

/** Hands a workspace's memory to the next one (the larger of it and any spare is kept). */
export function giveBackMemory(memory: WebAssembly.Memory): void {
  if (!spare || spare.buffer.byteLength < memory.buffer.byteLength) spare = memory;
}

/**
 * Byte offsets of consecutive arrays of the given sizes from byte 64 (16-byte aligned, with a
 * 16-byte gap: kernels may read one pair past the end), and the total.
 */
export function layout<K extends string>(sizes: Record<K, number>): [Record<K, number>, number] {
  let off = 64;
  const at = {} as Record<K, number>;
  for (const [key, size] of Object.entries(sizes) as [K, number][]) {
    at[key] = off;
    off += Math.ceil(size / 16) * 16 + 16;
  }
  return [at, off];
}
