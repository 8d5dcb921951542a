export const CONFIGS: string[];
export const PSEUDO_LOCALE: string;
export function pseudoTarget(source: string): string;
export function withPseudoTargets(xlf: string): string;
