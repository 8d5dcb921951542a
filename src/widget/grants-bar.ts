import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { FUNCTION_IDS, type FunctionId } from '../protocol/functions.js';
import type { GrantStatus } from '../protocol/index.js';
import { fromLauncher } from './from-launcher.js';
import { grantsBarStyles } from './grants-bar.styles.js';
import type { ScreenView } from './session/types.js';
import { functionNameFor } from './control-strings.js';
import type { ControlMode } from './session/control-wording.js';
import { screenStatus } from './strings.js';

/**
 * The live grants, each with its own Stop control (screen viewing also says what is shared), and the two controls
 * that are always there: Stop sharing (revoke everything, keep chatting) and Disconnect (end the session; the widget
 * asks to confirm).
 *
 * @summary Live permissions with Stop controls, Stop sharing and Disconnect.
 * @tagname rsw-grants-bar
 * @fires revoke - Stop one function (`detail.fn`). Internal to the widget.
 * @fires stop-sharing - Revoke every grant. Internal to the widget.
 * @fires disconnect - End the session (the widget confirms first). Internal to the widget.
 */
export class RswGrantsBar extends LitElement {
  static override styles = grantsBarStyles;
  static override properties = { grants: { attribute: false }, screen: { attribute: false }, control: { attribute: false } };

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  static define(tag = 'rsw-grants-bar', registry: CustomElementRegistry = customElements): void {
    fromLauncher.define(tag, this, registry);
  }

  /** Grant status per function, as the relay last confirmed it. */
  grants: Partial<Record<FunctionId, GrantStatus>> = {};

  /** What this browser shares (shown next to screen viewing). */
  screen: ScreenView | undefined;

  /** What remote control does in this deployment (pointing, or the mouse and keyboard through the vendor's agent). */
  control: ControlMode = 'point';

  protected override render(): TemplateResult {
    const live = FUNCTION_IDS.filter((fn) => this.grants[fn] === 'granted');
    const functionName = (fn: FunctionId) => functionNameFor(fn, this.control);
    return html`<section aria-label=${msg('Permissions', { id: 'grants.label' })}>
      <ul ?hidden=${!live.length}>
        ${live.map(
          (fn) => html`<li>
            <span>${functionName(fn)}</span>
            ${fn === 'desktop-view' ? html`<small class=${this.screen?.state ?? 'none'}>${screenStatus(this.screen)}</small>` : nothing}
            <button
              type="button"
              class="secondary"
              aria-label=${msg(str`Stop: ${functionName(fn)}`, { id: 'grants.stop-one' })}
              @click=${() => this.dispatchEvent(new CustomEvent('revoke', { detail: { fn } }))}
            >
              ${msg('Stop', { id: 'grants.stop' })}
            </button>
          </li>`,
        )}
      </ul>
      <div class="actions">
        <button type="button" class="secondary" @click=${() => this.dispatchEvent(new CustomEvent('stop-sharing'))}>
          ${msg('Stop sharing', { id: 'grants.stop-sharing' })}
        </button>
        <button type="button" class="danger" @click=${() => this.dispatchEvent(new CustomEvent('disconnect'))}>
          ${msg('Disconnect', { id: 'grants.disconnect' })}
        </button>
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rsw-grants-bar': RswGrantsBar;
  }
}
