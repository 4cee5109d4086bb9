/**
 * The browser's private storage for saved work: configs in IndexedDB (a reload or a crashed tab
 * restores them) and, with the user's consent, the loaded files in the origin-private file system
 * (OPFS), so a reload needs no file picking. Nothing here leaves the browser.
 */
import type { StudioConfig } from '../lib/config/schema';

/** One saved piece of work. */
export interface SavedProject {
  id: string;
  /** The files it was made on, as the user knows them. */
  name: string;
  savedAt: string;
  config: StudioConfig;
}

const DB_NAME = 'segment-studio';
const STORE = 'projects';
/** Recent work kept; older projects are dropped as new ones are saved. */
export const RECENT_MAX = 12;

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
  });
}

async function withStore<T>(
  mode: IDBTransactionMode,
  run: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = run(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB refused the change'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB refused the change'));
    });
  } finally {
    db.close();
  }
}

/** Saved projects, newest first. */
export async function recentProjects(): Promise<SavedProject[]> {
  const all = await withStore('readonly', (s) => s.getAll() as IDBRequest<SavedProject[]>);
  return all.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

/** Saves (or overwrites) a project, then drops the oldest beyond RECENT_MAX. */
export async function saveProject(p: SavedProject): Promise<void> {
  await withStore('readwrite', (s) => s.put(p));
  const all = await recentProjects();
  for (const old of all.slice(RECENT_MAX)) await deleteProject(old.id);
}

/** Forgets a saved project. */
export async function deleteProject(id: string): Promise<void> {
  await withStore('readwrite', (s) => s.delete(id));
}

const FILES_DIR = 'kept-files';

async function filesDir(create: boolean): Promise<FileSystemDirectoryHandle | null> {
  try {
    const root = await navigator.storage.getDirectory();
    return await root.getDirectoryHandle(FILES_DIR, { create });
  } catch {
    return null;
  }
}

/** Keeps a loaded file in the browser's private storage (overwriting one of the same name). */
export async function keepFile(name: string, data: Blob): Promise<void> {
  const dir = await filesDir(true);
  if (!dir) throw new Error('this browser has no private file storage (OPFS)');
  const handle = await dir.getFileHandle(name, { create: true });
  const out = await handle.createWritable();
  try {
    await data.stream().pipeTo(out);
  } catch (err) {
    await dir.removeEntry(name).catch(() => undefined);
    throw err;
  }
}

/** The files kept, by name. */
export async function keptFiles(): Promise<File[]> {
  const dir = await filesDir(false);
  if (!dir) return [];
  const out: File[] = [];
  for await (const [, handle] of dir as unknown as AsyncIterable<[string, FileSystemHandle]>)
    if (handle.kind === 'file') out.push(await (handle as FileSystemFileHandle).getFile());
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Deletes every kept file. */
export async function forgetKeptFiles(): Promise<void> {
  try {
    const root = await navigator.storage.getDirectory();
    await root.removeEntry(FILES_DIR, { recursive: true });
  } catch {
    // Nothing kept.
  }
}
