/**
 * The live session: the consent prompt, "End the session?", the system information and restart notices, the chat,
 * the files, the composer and the grants bar.
 */
import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import type { FunctionId } from '../../protocol/functions.js';
import { technicianName, type PromptWording } from '../strings.js';
import { functionViewsPart, lazyView } from './lazy.js';
import { notifyToggle } from './notify-toggle.js';
import type { ScreenActions, WidgetView } from './view.js';

/** The session's files, once the functions' chunk is loaded (during the session and after its end). */
export function files(v: WidgetView, a: ScreenActions): TemplateResult | typeof nothing {
  const list = v.s.transfers;
  return list?.length ? lazyView(functionViewsPart, v, (f) => f.transfersView(list, a.session, v.choice.tag)) : nothing;
}

export function chatScreen(v: WidgetView, a: ScreenActions): TemplateResult {
  const s = v.s;
  const name = s.technician?.name ?? '';
  const prompt = (words?: PromptWording) =>
    html`<rsw-consent-prompt
      part="prompt"
      .prompt=${s.prompt}
      .control=${s.control}
      .words=${words}
      ?busy=${v.promptBusy}
      ?failed=${v.promptFailed}
      @decide=${a.decide}
    ></rsw-consent-prompt>`;
  // Another function than screen viewing is asked about: its wording comes with the functions' views (a part).
  return html`${s.prompt ? (s.prompt.fn === 'desktop-view' ? prompt() : lazyView(functionViewsPart, v, (f) => prompt(f.promptWords))) : nothing}
    ${v.confirmingEnd
      ? html`<div class="confirm" role="group" aria-labelledby="confirm-q">
          <p id="confirm-q">
            ${msg('End the session? The technician will not be able to connect to it again.', { id: 'confirm.question' })}
          </p>
          <div class="row">
            <button type="button" class="secondary" id="confirm-cancel" @click=${a.cancelEnd}>
              ${msg('Keep the session', { id: 'confirm.cancel' })}
            </button>
            <button type="button" class="danger" @click=${() => void a.disconnect().catch(() => undefined)}>
              ${msg('End session', { id: 'end-session' })}
            </button>
          </div>
        </div>`
      : nothing}
    ${s.sysinfo || s.reboot
      ? lazyView(functionViewsPart, v, (f) => html`${f.sysinfoView(s.sysinfo, technicianName(name), a.answerSysinfo)} ${f.rebootView(s.reboot, Date.now())}`)
      : nothing}
    <rsw-chat-log
      part="log"
      .items=${s.items}
      .technician=${name}
      .control=${s.control}
      ?typing=${s.technicianTyping}
      locale=${v.choice.tag}
      @retry=${(e: CustomEvent<{ clientId: string }>) => a.session()?.retry(e.detail.clientId)}
    ></rsw-chat-log>
    ${files(v, a)} ${notifyToggle(v, a)}
    <rsw-composer
      part="composer"
      ?attach=${s.grants['file-transfer'] === 'granted'}
      @send=${(e: CustomEvent<{ text: string }>) => a.session()?.send(e.detail.text)}
      @typing=${(e: CustomEvent<{ typing: boolean }>) => a.session()?.setTyping(e.detail.typing)}
      @attach-files=${(e: CustomEvent<{ files: File[] }>) => a.session()?.sendFiles(e.detail.files)}
    ></rsw-composer>
    <rsw-grants-bar
      part="grants"
      .grants=${s.grants}
      .screen=${s.screen}
      .control=${s.control}
      @revoke=${(e: CustomEvent<{ fn: FunctionId }>) => a.act((x) => x.revoke(e.detail.fn))}
      @stop-sharing=${() => a.act((x) => x.stopSharing())}
      @disconnect=${a.askEnd}
    ></rsw-grants-bar>`;
}
