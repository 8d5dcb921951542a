/**
 * The prompts of remote control (pointing or the mouse and keyboard, control-wording.ts), file transfer, system
 * information and the restart: the question, naming who asks and what exactly they could do, and what allowing means
 * in plain words. Loaded with the functions' views (function-views.ts), off the English path, which asks for screen
 * viewing only (its prompt is in the box: strings.ts `screenPromptWords`).
 */
import { msg, str } from '@lit/localize';
import type { FunctionId, Prompt } from '../protocol/index.js';
import type { ControlMode } from './session/control-wording.js';
import { functionName, screenPromptWords, type PromptWords } from './strings.js';

function question(fn: FunctionId, kind: Prompt['kind'], who: string, mode: ControlMode): string {
  if (fn === 'remote-control' && mode === 'point') {
    return kind === 'reconfirm'
      ? msg(str`${who} can still point on your screen. Keep allowing this?`, { id: 'reconfirm.remote-control-point' })
      : msg(str`${who} asks to point on your screen.`, { id: 'ask.remote-control-point' });
  }
  if (kind === 'reconfirm') {
    return fn === 'remote-control'
      ? msg(str`${who} can still control your mouse and keyboard. Keep allowing this?`, { id: 'reconfirm.remote-control' })
      : msg(str`${who} can still use: ${functionName(fn)}. Keep allowing this?`, { id: 'reconfirm.other' });
  }
  switch (fn) {
    case 'remote-control':
      return msg(str`${who} asks to control your mouse and keyboard.`, { id: 'ask.remote-control' });
    case 'file-transfer':
      return msg(str`${who} asks to send files to you and receive files from you.`, { id: 'ask.file-transfer' });
    case 'system-info':
      return msg(str`${who} asks to see information about your system.`, { id: 'ask.system-info' });
    default:
      return msg(str`${who} asks to restart your computer and reconnect afterwards.`, { id: 'ask.reboot' });
  }
}

function detail(fn: FunctionId, mode: ControlMode): string {
  switch (fn) {
    case 'remote-control':
      return mode === 'point'
        ? msg('They will see your screen and can show you things with a pointer on it. They cannot click or type. You can stop at any time.', {
            id: 'detail.remote-control-point',
          })
        : msg('They will see your screen and can use your mouse and keyboard. You can take over by moving your mouse, and stop at any time.', {
            id: 'detail.remote-control',
          });
    case 'file-transfer':
      return msg('Files are only exchanged while this is allowed. You can stop at any time.', { id: 'detail.file-transfer' });
    case 'system-info':
      return msg('For example your operating system, browser, screen size and memory. This is asked once.', { id: 'detail.system-info' });
    default:
      return msg('Save your work first. The session resumes after the restart. This is asked once.', { id: 'detail.reboot' });
  }
}

/** Any function's prompt, worded for `mode` (the prompt element takes it: consent-prompt.ts `words`). */
export function promptWords(fn: FunctionId, kind: Prompt['kind'], who: string, mode: ControlMode): PromptWords {
  return fn === 'desktop-view' ? screenPromptWords(kind, who) : { question: question(fn, kind, who, mode), detail: detail(fn, mode) };
}
