/**
 * Remote control worded for what it does in this deployment (session/control-wording.ts): pointing on the shared
 * screen, unless the vendor's native agent declared itself, then the mouse and keyboard. Used by the prompt, the
 * banner, the grants bar and the receipt alike, so they never disagree. `full` keeps the wording the widget always
 * had (the same message ids).
 */
import { msg, str } from '@lit/localize';
import type { FunctionId, Prompt } from '../protocol/index.js';
import type { ControlMode } from './session/control-wording.js';
import { functionName, promptDetail, promptQuestion } from './strings.js';

/** A function's short name; remote control as pointing when that is all it does. */
export function functionNameFor(fn: FunctionId, mode: ControlMode): string {
  if (fn === 'remote-control' && mode === 'point') return msg('Pointing on your screen', { id: 'fn.remote-control-point' });
  return functionName(fn);
}

export function promptQuestionFor(fn: FunctionId, kind: Prompt['kind'], who: string, mode: ControlMode): string {
  if (fn !== 'remote-control' || mode === 'full') return promptQuestion(fn, kind, who);
  return kind === 'reconfirm'
    ? msg(str`${who} can still point on your screen. Keep allowing this?`, { id: 'reconfirm.remote-control-point' })
    : msg(str`${who} asks to point on your screen.`, { id: 'ask.remote-control-point' });
}

export function promptDetailFor(fn: FunctionId, mode: ControlMode): string {
  if (fn !== 'remote-control' || mode === 'full') return promptDetail(fn);
  return msg('They will see your screen and can show you things with a pointer on it. They cannot click or type. You can stop at any time.', {
    id: 'detail.remote-control-point',
  });
}

/** The banner while remote control is granted. */
export function controlBanner(mode: ControlMode): string {
  return mode === 'full'
    ? msg('The technician can control your computer', { id: 'indicator.control' })
    : msg('The technician can point on your screen', { id: 'indicator.control-point' });
}
