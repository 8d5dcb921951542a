/**
 * File transfer in <remote-support-widget> through the REAL relay, both directions, with the technician's side
 * played by the same module the console uses (src/ui/transfers.ts): files picked and dropped for real
 * (scripts/wtr/files-plugin.mjs), progress, the SHA-256 checked on arrival, nothing kept before Accept, the size
 * limit checked before anything is sent, cancel, and a transfer cut off by revoking the grant.
 */
import { waitUntil } from './wait.js';
import { sha256Hex } from '../../src/ui/file-transfer.js';
import { RemoteSupportWidget } from '../../src/widget/index.js';
import { assert } from './chai.js';
import { describe, it } from './mocha.js';
import { startRelay, TechnicianClient, type TestRelay } from './support.js';
import { chooseFiles, dropFiles, randomBytes, technicianFiles } from './widget-functions-helpers.js';
import { $, accessibleInBothThemes, allow, connectedWidget, grantsBarButton, inner, realClick, root, text } from './widget-helpers.js';

RemoteSupportWidget.define();

const rows = (el: Element) => [...root(el).querySelectorAll('.transfers li')];
const rowText = (el: Element, i = 0) => text(rows(el)[i]);
const button = (el: Element, label: string) => [...root(el).querySelectorAll('.transfers button')].find((b) => b.getAttribute('aria-label') === label);

/** A widget with file transfer allowed, and the technician's side of transfers. */
async function withFiles(relay?: TestRelay, chunkDelayMs = 0) {
  const tech = await TechnicianClient.connect(relay ? { relay } : {});
  const side = technicianFiles(tech, chunkDelayMs);
  const el = await connectedWidget(tech, relay);
  await allow(el, tech, 'file-transfer', 'File transfer');
  await waitUntil(() => inner(el, 'rsw-composer', 'button.attach'), 'the attach button shows');
  return { tech, el, ...side };
}

/** Each step of a test with many steps may take a few seconds on a busy machine (waitUntil's default is 1 s). */
const PATIENT = { timeout: 5_000 };

describe('<remote-support-widget> file transfer through the real relay', () => {
  it('sends a picked file: offer with its SHA-256, progress, and done once the technician checked it', async function () {
    this.timeout(30_000);
    // A slow line (each chunk held 20 ms), so the progress bar is there to be seen.
    const { tech, el, files, list } = await withFiles(undefined, 20);
    const bytes = randomBytes(1024 * 1024 + 123);
    const offer = tech.next<{ transferId: string; name: string; size: number; sha256: string; from: string }>('file:offer');
    await chooseFiles([{ name: 'printer-log.txt', bytes }]);
    const offered = await offer;
    assert.deepInclude(offered, { name: 'printer-log.txt', size: bytes.length, sha256: await sha256Hex(bytes), from: 'customer' });
    await waitUntil(() => rowText(el).includes('Waiting for the technician to accept.'), 'the customer waits for the technician');

    // Progress on the customer's side while the technician's side takes the chunks.
    const seen = new Set<number>();
    const watch = setInterval(() => {
      const bar = root(el).querySelector('progress');
      if (bar) seen.add(bar.value);
    }, 5);
    await files.accept(offered.transferId);
    await waitUntil(() => rowText(el).includes('Sent and checked.'), 'the customer sees it arrived intact', { timeout: 15_000 });
    clearInterval(watch);
    assert.isAbove(seen.size, 0, 'a progress bar showed while sending');
    const received = list()[0]!;
    assert.strictEqual(received.status, 'done');
    const blob = await (await fetch(received.url!)).arrayBuffer();
    assert.strictEqual(await sha256Hex(blob), offered.sha256);
    const audit = await tech.auditLog();
    assert.isTrue(audit.some((e) => e.type === 'file-transferred' && e.detail?.includes(offered.sha256)), 'audited with name, size and hash');
  });

  it('receives a file only after Accept, shows progress with a name, and offers it to save, verified', async function () {
    this.timeout(30_000);
    const { el, files } = await withFiles();
    const bytes = randomBytes(300_000);
    const id = await files.send(new File([bytes], 'driver-setup.exe', { type: 'application/x-msdownload' }));
    await waitUntil(() => button(el, 'Accept driver-setup.exe'), 'the offer shows');
    assert.include(rowText(el), 'Nothing is saved unless you accept.');
    assert.isFalse(!!root(el).querySelector('.transfers progress'));
    await accessibleInBothThemes(el);
    await realClick(button(el, 'Accept driver-setup.exe')!);
    await waitUntil(() => $(el, '.transfers a.save'), 'the file is ready to save', { timeout: 15_000 });
    const save = $<HTMLAnchorElement>(el, '.transfers a.save')!;
    assert.strictEqual(save.getAttribute('download'), 'driver-setup.exe');
    const blob = await (await fetch(save.href)).blob();
    assert.strictEqual(blob.type, 'application/octet-stream', 'never something the browser would render');
    assert.strictEqual(await sha256Hex(blob), await sha256Hex(bytes));
    assert.include(rowText(el), 'Received and checked.');
    await waitUntil(() => files.list.find((t) => t.id === id)?.status === 'done', 'the technician hears it arrived');
    await accessibleInBothThemes(el);
  });

  it('shows a file name as it is: no direction override gets through, the real extension apart, a warning before Accept for a program', async function () {
    this.timeout(20_000);
    const { tech, el, files } = await withFiles();
    // The relay refuses a name that would show as "invoice-2024exe.pdf" …
    const refused = await tech.call('file:offer', { transferId: 'rlo', name: 'invoice-2024\u202efdp.exe', size: 5, type: '', sha256: 'a'.repeat(64) });
    assert.deepInclude(refused, { ok: false });
    // … and a sender's file of that name goes out with the override replaced.
    await files.send(new File(['MZ...'], 'invoice-2024\u202efdp.exe'));
    await waitUntil(() => button(el, 'Accept invoice-2024_fdp.exe'), 'the offer shows under its plain name');
    const row = rows(el)[0]!;
    assert.strictEqual(text(row.querySelector('.file-name')), 'invoice-2024_fdp.exe');
    assert.strictEqual(row.querySelector('.file-name')!.tagName, 'BDI');
    assert.strictEqual(text(row.querySelector('.file-ext')), '.exe');
    const warning = row.querySelector('.file-risky')!;
    assert.include(text(warning), 'This .exe file can run programs on your computer.');
    assert.strictEqual(button(el, 'Accept invoice-2024_fdp.exe')!.getAttribute('aria-describedby'), warning.id);
    assert.isTrue(!!(warning.compareDocumentPosition(button(el, 'Accept invoice-2024_fdp.exe')!) & Node.DOCUMENT_POSITION_FOLLOWING), 'the warning comes before Accept');
    await accessibleInBothThemes(el);

    // A document: its extension, no warning; and the warning goes once the file is accepted.
    await files.send(new File(['hello'], 'notes.txt'));
    await waitUntil(() => button(el, 'Accept notes.txt'), 'the second offer shows');
    const second = rows(el)[1]!;
    assert.strictEqual(text(second.querySelector('.file-ext')), '.txt');
    assert.isNull(second.querySelector('.file-risky'));
    await realClick(button(el, 'Accept invoice-2024_fdp.exe')!);
    await waitUntil(() => !rows(el)[0]!.querySelector('.file-risky'), 'the warning is gone once accepted');
  });

  it('Decline stores nothing and tells the technician', async function () {
    this.timeout(20_000);
    const { el, files, list } = await withFiles();
    await files.send(new File(['hello'], 'notes.txt'));
    await waitUntil(() => button(el, 'Decline notes.txt'), 'the offer shows');
    await realClick(button(el, 'Decline notes.txt')!);
    await waitUntil(() => list()[0]?.status === 'declined', 'the technician is told');
    assert.include(rowText(el), 'You declined this file.');
    assert.isFalse(!!$(el, '.transfers a.save'));
  });

  it('refuses a file over the relay limit before sending anything', async function () {
    this.timeout(20_000);
    const relay = await startRelay({ maxFileBytes: 100 * 1024 });
    const { tech, el } = await withFiles(relay);
    await chooseFiles([{ name: 'video.mp4', bytes: randomBytes(100 * 1024 + 1) }]);
    await waitUntil(() => rowText(el).includes('This file is larger than 100 kB.'), 'the customer is told why');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.isFalse(tech.received.some((r) => r.event === 'file:offer'), 'nothing was offered');
    await accessibleInBothThemes(el);
  });

  it('sends files dropped on the box', async function () {
    this.timeout(20_000);
    const { tech, el } = await withFiles();
    const panel = $(el, '[part=panel]')!.getBoundingClientRect();
    const offer = tech.next<{ name: string; size: number }>('file:offer');
    await dropFiles([{ name: 'screenshot.png', bytes: randomBytes(2000) }], panel.x + panel.width / 2, panel.y + panel.height / 2);
    assert.deepInclude(await offer, { name: 'screenshot.png', size: 2000 });
  });

  it('either side cancels, at any step', async function () {
    this.timeout(30_000);
    // Each chunk held 200 ms: a busy machine's clicks still land before a transfer of a few MB is through.
    const { tech, el, files, list } = await withFiles(undefined, 200);
    // The customer takes back an offer the technician has not accepted yet.
    const offer = tech.next<{ transferId: string }>('file:offer');
    await chooseFiles([{ name: 'first.bin', bytes: randomBytes(1000) }]);
    await offer;
    await waitUntil(() => list()[0]?.status === 'incoming', 'the technician sees the offer', PATIENT);
    await realClick(button(el, 'Cancel first.bin')!);
    await waitUntil(() => list()[0]?.status === 'cancelled', 'the technician sees it called off', PATIENT);
    assert.include(rowText(el), 'You cancelled this transfer.');

    // The customer cancels a file coming in, mid-way.
    await files.send(new File([randomBytes(4 * 1024 * 1024)], 'big.iso'));
    await waitUntil(() => button(el, 'Accept big.iso'), 'the offer shows', PATIENT);
    await realClick(button(el, 'Accept big.iso')!);
    await waitUntil(() => (root(el).querySelector('progress')?.value ?? 0) > 0, 'bytes arrive', PATIENT);
    await realClick(button(el, 'Cancel big.iso')!);
    await waitUntil(() => list()[1]?.status === 'cancelled', 'the technician stops', PATIENT);
    assert.include(rowText(el, 1), 'You cancelled this transfer.');
    assert.isFalse(!!$(el, '.transfers a.save'), 'nothing to save');

    // The technician cancels a file going out, mid-way.
    const second = tech.next<{ transferId: string }>('file:offer');
    await chooseFiles([{ name: 'second.bin', bytes: randomBytes(2 * 1024 * 1024) }]);
    const { transferId } = await second;
    await files.accept(transferId);
    await waitUntil(() => (list()[2]?.bytes ?? 0) > 0, 'bytes arrive at the technician', PATIENT);
    await files.cancel(transferId);
    await waitUntil(() => rowText(el, 2).includes('The technician cancelled this transfer.'), 'the customer is told', PATIENT);
  });

  it('revoking the grant cuts a transfer off on both sides', async function () {
    this.timeout(30_000);
    const { tech, el, files, list } = await withFiles(undefined, 50);
    await files.send(new File([randomBytes(8 * 1024 * 1024)], 'bigger.iso'));
    await waitUntil(() => button(el, 'Accept bigger.iso'), 'the offer shows');
    await realClick(button(el, 'Accept bigger.iso')!);
    await waitUntil(() => (root(el).querySelector('progress')?.value ?? 0) > 0, 'bytes arrive');
    await realClick(grantsBarButton(el, 'Stop: File transfer')!);
    await tech.waitForGrant('file-transfer', 'revoked');
    await waitUntil(() => rowText(el).includes('Stopped: file transfer is no longer allowed.'), 'the customer sees it stopped');
    await waitUntil(() => ['cancelled', 'failed'].includes(list()[0]?.status ?? ''), 'the technician sees it stopped');
    assert.isFalse(!!$(el, '.transfers a.save'));
    assert.isFalse(!!inner(el, 'rsw-composer', 'button.attach'), 'no attach button without the grant');
    const audit = await tech.auditLog();
    assert.isTrue(audit.some((e) => e.type === 'file-cancelled'), 'the relay records it');
  });
});
