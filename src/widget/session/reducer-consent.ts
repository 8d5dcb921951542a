/**
 * The consent part of the widget's reducer: grants as the relay reports them (with their system lines and notices),
 * the prompt on show, and the technician's pointer, which lives only as long as remote control of this tab.
 */
// Values come from the protocol's own modules, not its index: the index also pulls in the payload schemas (valibot),
// which the browser bundle does not need.
import { FUNCTION_IDS, isFunctionId } from '../../protocol/functions.js';
import type { ConsentState, FunctionId, GrantStatus, Prompt, TechnicianIdentity } from '../../protocol/index.js';
import { addSystem } from './reducer-chat.js';
import type { PromptView, WidgetNotice, WidgetState } from './types.js';

export function grantsOf(consent?: ConsentState): Record<FunctionId, GrantStatus> {
  const grants = {} as Record<FunctionId, GrantStatus>;
  for (const fn of FUNCTION_IDS) grants[fn] = consent?.grants[fn]?.status ?? 'none';
  return grants;
}

/** What the relay's consent state grants, at its version. */
export function withConsent(s: WidgetState, consent: ConsentState): WidgetState {
  return { ...s, grants: grantsOf(consent), consentVersion: consent.version };
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
  let next = withConsent(s, consent);
  for (const { fn, from, to } of changes) {
    if (!isFunctionId(fn) || from === to) continue;
    // Every status but these has a system line of the same name.
    if (to !== 'none' && to !== 'pending') next = addSystem(next, to, now, fn);
    if (to === 'granted') notices.push({ type: 'grant', fn });
    else if (from === 'granted') notices.push({ type: 'revoke', fn, status: to });
  }
  // The prompt on show must still be waiting at the relay.
  const shown = next.prompt;
  if (shown && (consent.ended || !consent.prompts.some((p) => p.id === shown.id))) next = { ...next, prompt: undefined };
  return withPointer(next);
}

export function showPrompt(
  s: WidgetState,
  prompt: Prompt | null | undefined,
  technician: TechnicianIdentity | undefined,
  now: number,
  notices: WidgetNotice[],
): WidgetState {
  if (!prompt) return s.prompt ? { ...s, prompt: undefined } : s;
  const who = technician ?? s.technician;
  const view: PromptView = { ...prompt, expiresAt: prompt.expiresAt ?? now + 60_000, technician: who && { name: who.name, org: who.org } };
  if (s.prompt?.id !== view.id) notices.push({ type: 'consent-request', prompt: view });
  else if (s.prompt.expiresAt === view.expiresAt) return s;
  return { ...s, prompt: view };
}

/** The technician's pointer stays only while remote control is live and this very tab is being shared. */
export function withPointer(s: WidgetState, pointer = s.pointer): WidgetState {
  const shown = s.grants['remote-control'] === 'granted' && s.screen?.state === 'sharing' && s.screen.surface === 'this-tab';
  return { ...s, pointer: shown ? pointer : undefined };
}
