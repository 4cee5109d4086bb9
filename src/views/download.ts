/** Saving text the studio made as a file: the browser's download, nothing leaves the page. */

/** Offers `text` as a file named `name`. */
export function downloadText(name: string, type: string, text: string): void {
  downloadBlob(name, new Blob([text], { type }));
}

/** Offers bytes as a file named `name`. */
export function downloadBytes(name: string, type: string, bytes: Uint8Array): void {
  downloadBlob(name, new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
}

/** Offers a Blob as a download named `name`. */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked well after the click has handed the URL to the download (a large file takes a while).
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
