import { msg } from '@lit/localize';
import { ComposerBase, type ComposerText } from '../ui/composer.js';
import { composerStyles } from './composer.styles.js';
import { fromLauncher } from './from-launcher.js';

/**
 * Where the customer writes. Enter sends, Shift+Enter starts a new line (and Enter while an IME is composing does
 * neither); the Send button sends too. Typing notices are throttled.
 *
 * @summary The chat message field and Send button.
 * @tagname rsw-composer
 * @fires send - The customer sent `detail.text` (trimmed, not empty). Internal to the widget.
 * @fires typing - The customer started or stopped typing (`detail.typing`), at most every few seconds. Internal.
 * @fires attach-files - The customer picked files to send (`detail.files`; shown only with `attach`). Internal.
 */
export class RswComposer extends ComposerBase {
  static override styles = composerStyles;

  static define(tag = 'rsw-composer', registry: CustomElementRegistry = customElements): void {
    fromLauncher.define(tag, this, registry);
  }

  protected override text(): ComposerText {
    return {
      label: msg('Message', { id: 'composer.label' }),
      placeholder: msg('Write a message…', { id: 'composer.placeholder' }),
      send: msg('Send', { id: 'composer.send' }),
      attach: msg('Attach files', { id: 'composer.attach' }),
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rsw-composer': RswComposer;
  }
}
