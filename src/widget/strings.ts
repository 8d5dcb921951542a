/**
 * Customer-facing wording that more than one element uses. Everything goes through `msg()` with a stable id, and is
 * looked up at render time (never at import), so a locale switch re-renders in the new language.
 */
import { msg, str } from '@lit/localize';
import type { FunctionId, Prompt } from '../protocol/index.js';
import type { ControlMode } from './session/control-wording.js';
import type { ScreenView, SystemItem, WidgetPhase } from './session/types.js';

/** What a function is, as a short noun phrase ("Screen viewing"). */
export function functionName(fn: FunctionId): string {
  switch (fn) {
    case 'desktop-view':
      return msg('Screen viewing', { id: 'fn.desktop-view' });
    case 'remote-control':
      return msg('Remote control', { id: 'fn.remote-control' });
    case 'file-transfer':
      return msg('File transfer', { id: 'fn.file-transfer' });
    case 'system-info':
      return msg('System information', { id: 'fn.system-info' });
    case 'reboot':
      return msg('Restart and reconnect', { id: 'fn.reboot' });
  }
}

/** A prompt's question (naming who asks and what exactly they could do) and what allowing means, in plain words. */
export interface PromptWords {
  question: string;
  detail: string;
}

/**
 * The wording of the other functions' prompts (prompt-words.ts): a part of the box loaded with the functions' views
 * when one of theirs is asked about (screens/chat.ts), off the English path, which asks for screen viewing only.
 */
export type PromptWording = (fn: FunctionId, kind: Prompt['kind'], who: string, mode: ControlMode) => PromptWords;

/** Screen viewing's prompt (the English path's). */
export function screenPromptWords(kind: Prompt['kind'], who: string): PromptWords {
  return {
    question:
      kind === 'reconfirm'
        ? msg(str`${who} can still see your screen. Keep allowing this?`, { id: 'reconfirm.desktop-view' })
        : msg(str`${who} asks to see your screen.`, { id: 'ask.desktop-view' }),
    detail: msg('They will see everything on your screen, but cannot click or type. You can stop at any time.', {
      id: 'detail.desktop-view',
    }),
  };
}

/** What this browser shares while screen viewing is allowed (in the grants bar). */
export function screenStatus(view: ScreenView | undefined): string {
  if (!view) return msg('not shared', { id: 'screen.none' });
  if (view.state === 'starting') return msg('choosing what to share…', { id: 'screen.starting' });
  switch (view.surface) {
    case 'this-tab':
      return msg('sharing this tab', { id: 'screen.this-tab' });
    case 'browser':
      return msg('sharing a browser tab', { id: 'screen.browser' });
    case 'window':
      return msg('sharing a window', { id: 'screen.window' });
    case 'monitor':
      return msg('sharing your whole screen', { id: 'screen.monitor' });
    default:
      return msg('sharing', { id: 'screen.other' });
  }
}

/** The connection status in the panel header (`role="status"`). */
export function phaseStatus(phase: WidgetPhase, secure: boolean): string {
  switch (phase) {
    case 'idle':
      return msg('Not connected', { id: 'status.idle' });
    case 'connecting':
      return msg('Connecting…', { id: 'status.connecting' });
    case 'waiting':
      return msg('Waiting for a technician', { id: 'status.waiting' });
    case 'connected':
      return secure
        ? msg('Connected (secure connection)', { id: 'status.connected-secure' })
        : msg('Connected (connection not encrypted)', { id: 'status.connected-insecure' });
    case 'reconnecting':
      return msg('Connection lost. Reconnecting…', { id: 'status.reconnecting' });
    case 'ended':
      return msg('The session is finished', { id: 'status.ended' });
  }
}

/**
 * The relay cannot be reached: the one error the box words itself (the others are error-text.ts, a part of their own),
 * for when that part cannot be loaded either.
 */
export function unreachableText(): string {
  return msg('The support service cannot be reached. Check your internet connection and try again.', { id: 'error.unreachable' });
}

/** A system line in the chat log. */
export function systemText(item: SystemItem, who: string, name: (fn: FunctionId) => string = functionName): string {
  const fn = item.fn ? name(item.fn) : '';
  switch (item.event) {
    case 'technician-joined':
      return msg(str`${who} joined the session.`, { id: 'system.joined' });
    case 'technician-away':
      return msg(str`${who} lost the connection.`, { id: 'system.away' });
    case 'technician-back':
      return msg(str`${who} is back.`, { id: 'system.back' });
    case 'handed-off':
      return msg(str`${who} took over. You will be asked again.`, { id: 'system.handed-off' });
    case 'connection-lost':
      return msg('Your connection was lost. Reconnecting…', { id: 'system.connection-lost' });
    case 'connection-restored':
      return msg('Connection restored.', { id: 'system.connection-restored' });
    case 'granted':
      return msg(str`You allowed: ${fn}.`, { id: 'system.granted' });
    case 'denied':
      return msg(str`You did not allow: ${fn}.`, { id: 'system.denied' });
    case 'expired':
      return msg(str`No answer, so not allowed: ${fn}.`, { id: 'system.expired' });
    case 'revoked':
      return msg(str`Stopped: ${fn}.`, { id: 'system.revoked' });
    case 'used':
      return msg(str`Used once: ${fn}.`, { id: 'system.used' });
    case 'ended':
      return msg('The session is finished.', { id: 'system.ended' });
    case 'restarted':
      return msg('Reconnected after restart.', { id: 'system.restarted' });
    case 'sysinfo-sent':
      return msg('You sent the system information.', { id: 'system.sysinfo-sent' });
    case 'sysinfo-declined':
      return msg('You did not send the system information.', { id: 'system.sysinfo-declined' });
  }
}

/** "the technician" when the relay has not told us a name yet. */
export function technicianName(name?: string): string {
  return name || msg('The technician', { id: 'technician' });
}
