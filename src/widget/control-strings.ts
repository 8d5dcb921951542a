/**
 * Remote control worded for what it does in this deployment (session/control-wording.ts): pointing on the shared
 * screen, unless the vendor's native agent declared itself, then the mouse and keyboard. Used by the banner, the
 * grants bar and the receipt alike, and by the prompt (prompt-words.ts), so they never disagree. `full` keeps the
 * wording the widget always had (the same message ids).
 */
import { msg } from '@lit/localize';
import type { FunctionId } from '../protocol/index.js';
import type { ControlMode } from './session/control-wording.js';
import { functionName } from './strings.js';

/** A function's short name; remote control as pointing when that is all it does. */
export function functionNameFor(fn: FunctionId, mode: ControlMode): string {
  if (fn === 'remote-control' && mode === 'point') return msg('Pointing on your screen', { id: 'fn.remote-control-point' });
  return functionName(fn);
}

/** The banner while remote control is granted. */
export function controlBanner(mode: ControlMode): string {
  return mode === 'full'
    ? msg('The technician can control your computer', { id: 'indicator.control' })
    : msg('The technician can point on your screen', { id: 'indicator.control-point' });
}
