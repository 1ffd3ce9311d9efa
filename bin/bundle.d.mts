/** Bundles the entry points (paths under `srcRoot`, without `.ts`) into one folder of `<file name>.mjs` files; returns the folder. */
export function bundleSources(name: string, srcRoot: string, entries: readonly string[], selfContained?: readonly string[]): string;
