export const START: string;
export const END: string;
export function renderReference(manifest: unknown): string;
export function replaceBlock(readme: string, block: string): string;
