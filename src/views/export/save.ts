/**
 * Where an export is written: a file (or folder) the user picks, written as the rows arrive
 * (File System Access), or, where the browser has no such dialog, a download offered once the
 * file is complete. Either way a file that did not finish is discarded, never offered.
 */
import { downloadBlob } from '../download';
import { SaveError, type SaveTarget } from '../../state/export.svelte';
import { blobSink, type ByteSink } from '../../lib/export/sink';
import { ZipWriter } from '../../lib/export/zip';

interface Writable {
  write(data: BufferSource): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}
interface FileHandle {
  name: string;
  createWritable(): Promise<Writable>;
  /** Chromium only. */
  remove?(): Promise<void>;
}
interface DirHandle {
  getFileHandle(name: string, opts: { create: boolean }): Promise<FileHandle>;
  removeEntry(name: string): Promise<void>;
}
type Pickers = {
  showSaveFilePicker?(opts: unknown): Promise<FileHandle>;
  showDirectoryPicker?(opts: unknown): Promise<DirHandle>;
};

/** True when the browser can write a file as it is made (a save dialog: Chromium browsers). */
export function canChooseLocation(): boolean {
  const w = window as unknown as Pickers;
  return typeof w.showSaveFilePicker === 'function' && typeof w.showDirectoryPicker === 'function';
}

/** What the export is, for the save dialog. */
export interface SaveKind {
  name: string;
  type: string;
  ext: string;
  label: string;
}

/**
 * Asks where to save (the dialog opens now, while the click still counts) when `dialog` is set
 * and the browser can; otherwise returns downloads.
 */
export async function chooseTarget(
  kind: 'file' | 'folder',
  file: SaveKind,
  dialog: boolean,
): Promise<SaveTarget> {
  if (!dialog || !canChooseLocation()) return kind === 'folder' ? zipDownload(file) : downloads();
  const w = window as unknown as Pickers;
  try {
    if (kind === 'folder') {
      const dir = await w.showDirectoryPicker!({ mode: 'readwrite', id: 'segment-exports' });
      return {
        async open(name) {
          const handle = await dir.getFileHandle(name, { create: true }).catch(refused);
          return fileSink(handle, () => dir.removeEntry(name));
        },
      };
    }
    const handle = await w.showSaveFilePicker!({
      suggestedName: file.name,
      id: 'segment-exports',
      types: [{ description: file.label, accept: { [file.type]: [`.${file.ext}`] } }],
    });
    return { open: () => fileSink(handle, () => handle.remove?.() ?? Promise.resolve()) };
  } catch (err) {
    return refused(err);
  }
}

function refused(err: unknown): never {
  const name = err instanceof DOMException ? err.name : '';
  if (name === 'AbortError')
    throw new SaveError(
      'No file was chosen: nothing was saved.',
      'Click Export again and pick where to save, or untick “Choose where to save” to download instead.',
    );
  throw new SaveError(
    `The browser refused to save the file${err instanceof Error && err.message ? ` (${err.message})` : ''}.`,
    'Allow this site to save files, pick another folder, or untick “Choose where to save” to download instead.',
  );
}

/** Writes straight into the chosen file; an abort discards the writes and removes the file. */
async function fileSink(handle: FileHandle, remove: () => Promise<void>): Promise<ByteSink> {
  const out = await handle.createWritable().catch(refused);
  return {
    async write(bytes) {
      try {
        await out.write(bytes as Uint8Array<ArrayBuffer>);
      } catch (err) {
        throw new SaveError(
          `Writing ${handle.name} failed (${err instanceof Error ? err.message : String(err)}): the partial file was discarded.`,
          'Check there is space on the disk and that the file is not open elsewhere, then try again.',
        );
      }
    },
    close: () => out.close(),
    async abort() {
      // The browser writes to a temporary file and only replaces the target on close().
      await out.abort().catch(() => undefined);
      await remove().catch(() => undefined);
    },
  };
}

/** Downloads: each file is gathered as a Blob (no second copy) and offered only when complete. */
function downloads(): SaveTarget {
  return { open: async (name, type) => blobSink(type, (blob) => downloadBlob(name, blob)) };
}

/**
 * Several files as one download: a ZIP archive of them, offered when the last one is written
 * (browsers ask before a page starts many downloads at once, or refuse them).
 */
function zipDownload(file: SaveKind): SaveTarget {
  const name = file.name.replace(/\.[^.]+$/, '') + '.zip';
  let zip: ZipWriter | null = null;
  let archive: ByteSink | null = null;
  return {
    label: name,
    async open(entry) {
      archive ??= await downloads().open(name, 'application/zip');
      zip ??= new ZipWriter(archive);
      return zip.entry(entry);
    },
    async finish() {
      await zip?.finish();
    },
    async abort() {
      await archive?.abort();
    },
  };
}
