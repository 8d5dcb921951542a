/**
 * The consent part of the widget's reducer: grants as the relay reports them (with their system lines and notices),
 * the prompt on show, and the technician's pointer, which lives only as long as remote control of this tab.
 */
// Values come from the protocol's own modules, not its index: the index also pulls in the payload schemas (valibot),
// which the browser bundle does not need.
import { FUNCTION_IDS, isFunctionId } from '../../protocol/functions.js';
import type { ConsentState, FunctionId, GrantStatus, Prompt, TechnicianIdentity } from '../../protocol/index.js';
import { addSystem } from './reducer-chat.js';
import type { PromptView, SystemEvent, WidgetNotice, WidgetState } from './types.js';

export function grantsOf(consent: ConsentState | undefined): Record<FunctionId, GrantStatus> {
  const grants = {} as Record<FunctionId, GrantStatus>;
  for (const fn of FUNCTION_IDS) grants[fn] = consent?.grants[fn]?.status ?? 'none';
  return grants;
}

/** The system line for a grant's new status (a line of the same name), if the log reports it. */
function systemFor(status: GrantStatus): SystemEvent | undefined {
  return status === 'none' || status === 'pending' ? undefined : status;
}

export function applyConsent(
  s: WidgetState,
  consent: ConsentState,
  changes: ReadonlyArray<{ fn: FunctionId; from: GrantStatus; to: GrantStatus }>,
  now: number,
  notices: WidgetNotice[],
): WidgetState {
  // An update older than what we have (e.g. overtaken by a resume) changes nothing.
  if (consent.version < s.consentVersion) return s;
  let next: WidgetState = { ...s, offered: [...consent.offered], grants: grantsOf(consent), consentVersion: consent.version };
  for (const change of changes) {
    if (!isFunctionId(change.fn) || change.from === change.to) continue;
    const event = systemFor(change.to);
    if (event) next = addSystem(next, event, now, change.fn);
    if (change.to === 'granted') notices.push({ type: 'grant', fn: change.fn });
    else if (change.from === 'granted') notices.push({ type: 'revoke', fn: change.fn, status: change.to });
  }
  // The prompt on show must still be waiting at the relay.
  if (next.prompt && (consent.ended || !consent.prompts.some((p) => p.id === next.prompt?.id))) {
    const { prompt: _prompt, ...rest } = next;
    next = rest;
  }
  return withPointer(next);
}

export function showPrompt(
  s: WidgetState,
  prompt: Prompt | null,
  technician: TechnicianIdentity | undefined,
  now: number,
  notices: WidgetNotice[],
): WidgetState {
  if (!prompt) {
    if (!s.prompt) return s;
    const { prompt: _prompt, ...rest } = s;
    return rest;
  }
  const who = technician ?? s.technician;
  const view: PromptView = {
    ...prompt,
    expiresAt: prompt.expiresAt ?? now + 60_000,
    ...(who ? { technician: { name: who.name, org: who.org } } : {}),
  };
  if (s.prompt && s.prompt.id === view.id && s.prompt.expiresAt === view.expiresAt) return s;
  if (s.prompt?.id !== view.id) notices.push({ type: 'consent-request', prompt: view });
  return { ...s, prompt: view };
}

/** The technician's pointer stays only while remote control is live and this very tab is being shared. */
export function withPointer(s: WidgetState, pointer: WidgetState['pointer'] = s.pointer): WidgetState {
  const { pointer: _old, ...rest } = s;
  const shown = pointer && s.grants['remote-control'] === 'granted' && s.screen?.state === 'sharing' && s.screen.surface === 'this-tab';
  return shown ? { ...rest, pointer } : rest;
}
