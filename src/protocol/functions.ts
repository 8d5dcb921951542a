/**
 * The catalogue of remote-support functions a technician may ask the customer for.
 * Shared by relay, widget and console; the relay is the only place that decides.
 */

/** Identifiers of the five remote-support functions, in the order they are shown. */
export const FUNCTION_IDS = [
  'desktop-view',
  'remote-control',
  'file-transfer',
  'system-info',
  'reboot',
] as const;

export type FunctionId = (typeof FUNCTION_IDS)[number];

export interface FunctionInfo {
  readonly id: FunctionId;
  /**
   * `ongoing` grants stay live until revoked or the session ends;
   * `one-shot` grants are used up by the technician's first use.
   */
  readonly kind: 'ongoing' | 'one-shot';
  /** Long-lived grants that the customer must re-confirm periodically. */
  readonly reconfirm: boolean;
  /** Another function that must be live before this one can be requested (and whose revocation revokes this one). */
  readonly requires?: FunctionId;
}

export const FUNCTIONS: Readonly<Record<FunctionId, FunctionInfo>> = {
  'desktop-view': { id: 'desktop-view', kind: 'ongoing', reconfirm: true },
  'remote-control': { id: 'remote-control', kind: 'ongoing', reconfirm: true, requires: 'desktop-view' },
  'file-transfer': { id: 'file-transfer', kind: 'ongoing', reconfirm: false },
  'system-info': { id: 'system-info', kind: 'one-shot', reconfirm: false },
  reboot: { id: 'reboot', kind: 'one-shot', reconfirm: false },
};

/** Which function each gated event uses (the relay's gate; on the customer's side, the widget's too). */
export const GATED_EVENTS = {
  'sysinfo:request': 'system-info',
  'reboot:request': 'reboot',
  'screen:signal': 'desktop-view',
  'screen:state': 'desktop-view',
  'control:event': 'remote-control',
  'file:offer': 'file-transfer',
  'file:accept': 'file-transfer',
  'file:chunk': 'file-transfer',
} as const satisfies Record<string, FunctionId>;

export function isFunctionId(value: unknown): value is FunctionId {
  return typeof value === 'string' && (FUNCTION_IDS as readonly string[]).includes(value);
}

/** Functions that depend on `fn` (revoking `fn` revokes them too). */
export function dependentsOf(fn: FunctionId): FunctionId[] {
  return FUNCTION_IDS.filter((id) => FUNCTIONS[id].requires === fn);
}
