/** The folder the tarballs are packed into (.pack/ at the repository's root). */
export const PACK_DIR: string;
/** Packs remote-support-widget and remote-support-relay into .pack/<name>.tgz; resolves to `{ name: path }`. */
export function pack(options?: { quiet?: boolean }): Record<string, string>;
