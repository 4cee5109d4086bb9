/** Returns a Chromium executable path, installing Debian's package with apt when possible. */
export function findChromium(opts?: { install?: boolean }): string;
/** Launch flags for a closed network. */
export const CHROMIUM_ARGS: string[];
