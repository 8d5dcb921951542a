/**
 * <rsc-audit-log> over entries as `audit:fetch` answers a long session's log: the relay kept its first and last
 * entries, and the console marks where it dropped the others (a jump in `seq`), in the console's language.
 */
import { fixture, html } from '@open-wc/testing';
import type { AuditEntry } from '../../src/protocol/index.js';
import { RemoteSupportConsole, RscAuditLog } from '../../src/console/index.js';
import { assert } from './chai.js';
import { text } from './console-helpers.js';
import { describe, it } from './mocha.js';

RemoteSupportConsole.define();

const entry = (seq: number): AuditEntry => ({ seq, at: Date.UTC(2026, 11, 7, 11, 0, seq % 60), actor: 'technician', type: 'function-used', fn: 'desktop-view' });

async function rows(entries: AuditEntry[], lang = 'en'): Promise<string[]> {
  const wrapper = await fixture<HTMLDivElement>(html`<div lang=${lang}><rsc-audit-log .entries=${entries} locale=${lang}></rsc-audit-log></div>`);
  const log = wrapper.querySelector<RscAuditLog>('rsc-audit-log')!;
  await log.updateComplete;
  return [...log.shadowRoot!.querySelectorAll('li')].map((li) => (li.classList.contains('not-kept') ? text(li) : `#${li.querySelector('time')!.getAttribute('datetime')!.slice(17, 19)}`));
}

describe('<rsc-audit-log>', () => {
  it('marks where the relay did not keep entries, with how many, between the entries around the gap', async () => {
    const shown = await rows([entry(1), entry(2), entry(3), entry(349), entry(350), entry(352)]);
    assert.deepEqual(shown, ['#01', '#02', '#03', '… 345 entries not kept …', '#49', '#50', '… 1 entry not kept …', '#52']);
  });

  it('marks nothing in a log kept whole', async () => {
    const shown = await rows([entry(1), entry(2), entry(3)]);
    assert.deepEqual(shown, ['#01', '#02', '#03']);
  });
});
