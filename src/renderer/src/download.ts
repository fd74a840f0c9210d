/** Hand `blob` to the browser as a download named `name` (the browser shell's way to save a file). */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: a click only starts the download.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
