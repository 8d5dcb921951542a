/**
 * The session's view: the session panel, the function requests and gated actions, files, system information and the
 * audit log at the side; the customer's screen and the chat in the main column. The technician's intent goes straight
 * to the console's session logic (`ConsoleSession`).
 */
import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import type { FunctionId } from '../../protocol/functions.js';
import type { Point } from '../functions/pointer.js';
import type { ConsoleSession } from '../session/console-session.js';
import type { ConsoleState, UseEvent } from '../session/types.js';
import { handoffView } from './handoff.js';
import { canChat, chatItems, codeView, filePanel, functionRows, rebootView, screenView, sysinfoView, useRows } from '../session/views.js';

export function sessionView(s: ConsoleState, now: number, locale: string, x: ConsoleSession | undefined, end: () => void): TemplateResult {
  const session = s.session!;
  const screen = screenView(s);
  const files = filePanel(s);
  const sysinfo = sysinfoView(s);
  return html`<div class="session">
    <div class="side">
      <rsc-session-panel
        class="panel"
        part="session"
        .session=${session}
        .code=${codeView(s, now)}
        .ended=${s.ended}
        ?busy=${s.pending?.op === 'end'}
        @end=${() => end()}
        @close-session=${() => x?.closeSession()}
      ></rsc-session-panel>
      ${handoffView(s, { list: () => void x?.listColleagues(), handOff: (id) => void x?.handOff(id) })}
      <rsc-function-list
        class="panel"
        part="functions"
        .rows=${functionRows(s, now)}
        .uses=${useRows(s)}
        .reboot=${rebootView(s, now)}
        locale=${locale}
        @request=${(e: CustomEvent<{ fn: FunctionId }>) => void x?.request(e.detail.fn)}
        @use=${(e: CustomEvent<{ event: UseEvent }>) => void x?.use(e.detail.event)}
      ></rsc-function-list>
      ${files
        ? html`<rsc-file-panel
            class="panel"
            part="files"
            .panel=${files}
            locale=${locale}
            @send-files=${(e: CustomEvent<{ files: File[] }>) => void x?.sendFiles(e.detail.files)}
            @accept-file=${(e: CustomEvent<{ id: string }>) => void x?.acceptFile(e.detail.id)}
            @decline-file=${(e: CustomEvent<{ id: string }>) => void x?.declineFile(e.detail.id)}
            @cancel-file=${(e: CustomEvent<{ id: string }>) => void x?.cancelFile(e.detail.id)}
          ></rsc-file-panel>`
        : nothing}
      ${sysinfo ? html`<rsc-sysinfo class="panel" part="sysinfo" .view=${sysinfo} locale=${locale}></rsc-sysinfo>` : nothing}
      <rsc-audit-log class="panel" part="audit" .entries=${s.audit} locale=${locale}></rsc-audit-log>
    </div>
    <div class="work">
      ${screen
        ? html`<rsc-screen-view
            class="panel"
            part="screen"
            .view=${screen}
            .stream=${x?.screenStream}
            @point=${(e: CustomEvent<{ point: Point | undefined }>) => x?.point(e.detail.point)}
            @pointer-leave=${() => x?.hidePointer()}
          ></rsc-screen-view>`
        : nothing}
      <section class="chat" part="chat" aria-labelledby="chat-title">
        <h2 id="chat-title" class="chat-title">${msg('Chat', { id: 'console.chat.title' })}</h2>
        <rsc-chat-log
          .items=${chatItems(s)}
          .customer=${session.customer?.name ?? ''}
          ?typing=${s.customerTyping}
          locale=${locale}
          @retry=${(e: CustomEvent<{ clientId: string }>) => x?.retry(e.detail.clientId)}
        ></rsc-chat-log>
        <rsc-composer
          ?disabled=${!canChat(s)}
          @send=${(e: CustomEvent<{ text: string }>) => x?.send(e.detail.text)}
          @typing=${(e: CustomEvent<{ typing: boolean }>) => x?.setTyping(e.detail.typing)}
        ></rsc-composer>
      </section>
    </div>
  </div>`;
}
