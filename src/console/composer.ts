import { msg } from '@lit/localize';
import { ComposerBase, type ComposerText } from '../ui/composer.js';
import { composerStyles } from './composer.styles.js';
import { defineElement } from './define.js';

/**
 * Where the technician writes. Enter sends, Shift+Enter starts a new line (Enter while an IME is composing does
 * neither); the Send button sends too. Typing notices are throttled and stop after a pause.
 *
 * @summary The chat message field and Send button.
 * @tagname rsc-composer
 * @fires send - The technician sent `detail.text` (trimmed, not empty). Internal to the console.
 * @fires typing - The technician started or stopped typing (`detail.typing`). Internal to the console.
 */
export class RscComposer extends ComposerBase {
  static override styles = composerStyles;

  static define(tag = 'rsc-composer', registry: CustomElementRegistry = customElements): void {
    defineElement(tag, this, registry);
  }

  protected override rows = 2;

  protected override text(): ComposerText {
    return {
      label: msg('Message to the customer', { id: 'console.composer.label' }),
      placeholder: msg('Write a message…', { id: 'console.composer.placeholder' }),
      send: msg('Send', { id: 'console.composer.send' }),
    };
  }
}
