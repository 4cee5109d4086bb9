/** Saving text the studio made as a file: the browser's download, nothing leaves the page. */

/** Offers `text` as a file named `name`. */
export function downloadText(name: string, type: string, text: string): void {
  download(name, new Blob([text], { type }));
}

/** Offers bytes as a file named `name`. */
export function downloadBytes(name: string, type: string, bytes: Uint8Array): void {
  download(name, new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
}

function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked after the click has handed the URL to the download.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
