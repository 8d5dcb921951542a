/**
 * The five remote-support functions end to end, between two real browsers and the demo relay, each after the
 * customer allowed it in the widget's prompt:
 * - screen viewing: the customer's tab reaches the console as live video over WebRTC, and stops (video no longer
 *   live, every captured track ended, the indicator gone) by each way there is: Stop for screen viewing, Stop
 *   sharing, Disconnect, the browser's own "Stop sharing", the technician ending the session;
 * - remote control: the technician's pointer over the video is drawn over the customer's page, where it points, and
 *   is gone once the customer stops remote control;
 * - file transfer: a file each way with progress, checked by the receiver's SHA-256 and saved byte for byte; a file
 *   over the relay's limit refused on both sides; a transfer cut off when the customer stops file transfer;
 * - system information: the customer sees exactly what would be sent, sends it, and the console shows the same;
 * - restart and reconnect: the customer's browser closes and opens the help page again with the same storage (what
 *   a restart leaves) and both sides see "reconnected after restart"; after Disconnect nothing rejoins.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allow, connectWithCode, stepper } from './journeys.js';
import { chooseFiles, gone, saveFile, sha256File, shown, until, useE2E, type Customer, type Technician } from './support.js';

const e2e = useE2E({ relayOptions: { promptTimeoutMs: 10_000 } });

/**
 * Keeps every stream getDisplayMedia gives the widget in `window.__rswCaptures`, so a test can see that its tracks
 * ended and can play the browser's own "Stop sharing" (headless Chromium has no such button). Observation only: the
 * widget still calls the browser's getDisplayMedia from the customer's click.
 */
e2e.initScripts.push(`(() => {
  const media = navigator.mediaDevices;
  if (!media || !media.getDisplayMedia) return;
  const real = media.getDisplayMedia.bind(media);
  const captures = (window.__rswCaptures = []);
  media.getDisplayMedia = (options) => real(options).then((stream) => { captures.push(stream); return stream; });
})();`);

type CaptureWindow = Window & { __rswCaptures?: MediaStream[] };

/** The ready state of every track the widget captured ('live' / 'ended'). */
function captureStates(customer: Customer): Promise<string[]> {
  return customer.page.evaluate(() => ((window as CaptureWindow).__rswCaptures ?? []).flatMap((s) => s.getTracks().map((t) => t.readyState)));
}

const files = mkdtempSync(join(tmpdir(), 'rsw-e2e-files-'));
afterAll(() => rmSync(files, { recursive: true, force: true }));

/** A file of `size` random bytes in the test's temporary folder. */
function makeFile(name: string, size: number): string {
  const path = join(files, name);
  writeFileSync(path, size > 0 ? randomBytes(size) : Buffer.alloc(0));
  return path;
}

const ASK = {
  screen: /asks to see your screen\.$/,
  // No native agent declared itself (PROTOCOL §19): remote control is the technician's pointer only.
  control: /asks to point on your screen\.$/,
  files: /asks to send files to you and receive files from you\.$/,
  sysinfo: /asks to see information about your system\.$/,
  reboot: /asks to restart your computer and reconnect afterwards\.$/,
};

/** The customer allows screen viewing; the browser shares this tab; the console shows it as live video. */
async function shareScreen(customer: Customer, technician: Technician): Promise<void> {
  await allow(customer, technician, 'Screen viewing', ASK.screen);
  await shown(customer.indicator.getByText('Your screen is being viewed'));
  await shown(customer.grants.getByText('sharing this tab'));
  await until(() => captureStates(customer), ['live']);

  await until(() => technician.videoState(), 'live');
  await shown(technician.video);
  await shown(technician.screenView.getByRole('status').getByText('Live.'));
  await shown(technician.screenView.getByText('Sharing: the tab with this chat', { exact: true }));
  // Frames keep coming while the customer's page changes (they type in the chat).
  const before = await technician.framesArrived();
  await customer.composer.click();
  await customer.composer.pressSequentially('is the picture moving?', { delay: 30 });
  await expect.poll(() => technician.framesArrived(), { timeout: 10_000 }).toBeGreaterThan(before + 3);
  expect(await technician.video.evaluate((v: HTMLVideoElement) => [v.videoWidth, v.videoHeight])).toEqual([1280, 720]);
  await customer.composer.fill('');
}

/** The video is over on the console and the capture is over in the customer's browser. */
async function expectScreenStopped(customer: Customer, technician: Technician): Promise<void> {
  await until(() => technician.videoState(), /^(idle|failed)$/);
  if ((await technician.screenView.count()) > 0) {
    expect(await technician.video.evaluate((v: HTMLVideoElement) => v.srcObject)).toBeNull();
  }
  await until(() => captureStates(customer), ['ended']);
  await gone(customer.indicator);
  await gone(customer.grants.getByText('sharing this tab'));
}

describe('screen viewing', () => {
  const stops = {
    'Stop for screen viewing in the grants bar': async (customer: Customer, technician: Technician) => {
      await customer.grants.getByRole('button', { name: 'Stop: Screen viewing' }).click();
      await until(() => technician.functionStatus('Screen viewing'), /^Revoked$/);
      await shown(technician.notice.getByText('The customer revoked: Screen viewing.'));
      await shown(technician.screenView.getByText('The customer is not sharing their screen.'));
    },
    'Stop sharing': async (customer: Customer, technician: Technician) => {
      await customer.grants.getByRole('button', { name: 'Stop sharing', exact: true }).click();
      await until(() => technician.functionStatus('Screen viewing'), /^Revoked$/);
      await shown(technician.notice.getByText('The customer stopped sharing. Revoked: Screen viewing.'));
      await shown(technician.screenView.getByText('The customer is not sharing their screen.'));
    },
    Disconnect: async (customer: Customer, technician: Technician) => {
      await customer.disconnect();
      expect(await customer.waitEnded()).toBe('You ended the session.');
      await shown(technician.sessionPanel.getByRole('heading', { name: 'Session ended' }));
    },
    "the browser's own Stop sharing": async (customer: Customer, technician: Technician) => {
      // What Chromium does when the customer clicks "Stop sharing" in its own bar: the track ends and fires `ended`.
      await customer.page.evaluate(() => {
        const track = (window as CaptureWindow).__rswCaptures!.at(-1)!.getVideoTracks()[0]!;
        track.stop();
        track.dispatchEvent(new Event('ended'));
      });
      await until(() => technician.functionStatus('Screen viewing'), /^Revoked$/);
      await shown(technician.notice.getByText("The customer stopped sharing with the browser's own button. Stopped: Screen viewing."));
      await customer.waitSystemLine('Stopped: Screen viewing.');
    },
    'the technician ending the session': async (customer: Customer, technician: Technician) => {
      await technician.sessionPanel.getByRole('button', { name: 'End session' }).click();
      await technician.sessionPanel.getByRole('button', { name: 'Yes, end it' }).click();
      expect(await customer.waitEnded()).toBe('The technician ended the session.');
    },
  };

  for (const [how, stop] of Object.entries(stops)) {
    it(`is live video in the console until ${how}`, async () => {
      const { customer, technician } = await connectWithCode(e2e);
      const slug = how.replace(/\W+/g, '-').toLowerCase();
      await shareScreen(customer, technician);
      await e2e.screenshots(`functions-screen-live-${slug}`, customer, technician);

      await stop(customer, technician);
      await expectScreenStopped(customer, technician);
      await e2e.screenshots(`functions-screen-stopped-${slug}`, customer, technician);
      e2e.expectNoErrors();
    });
  }
});

describe('remote control', () => {
  it("shows the technician's pointer over the customer's page while it is allowed, and not after Stop", async () => {
    const { customer, technician } = await connectWithCode(e2e);
    await shareScreen(customer, technician);
    await allow(customer, technician, 'Remote control', ASK.control, 'Pointing on your screen');
    await shown(customer.indicator.getByText('The technician can point on your screen'));
    await e2e.screenshots('functions-pointer-granted', customer, technician);
    await shown(technician.screenView.getByText('Pointing is on: move your mouse over the video'));

    /** Moves the technician's mouse to (fx, fy) of the video frame; resolves to where the customer's pointer is. */
    const pointAt = async (fx: number, fy: number): Promise<{ x: number; y: number }> => {
      const frame = await technician.video.evaluate((v: HTMLVideoElement) => {
        const r = v.getBoundingClientRect();
        const scale = Math.min(r.width / v.videoWidth, r.height / v.videoHeight);
        const w = v.videoWidth * scale;
        const h = v.videoHeight * scale;
        return { x: r.left + (r.width - w) / 2, y: r.top + (r.height - h) / 2, w, h };
      });
      await technician.page.mouse.move(frame.x + frame.w * fx, frame.y + frame.h * fy, { steps: 5 });
      const expected = { x: 1280 * fx, y: 720 * fy };
      let at = { x: NaN, y: NaN };
      await expect
        .poll(
          async () => {
            const transform = await customer.pointer.evaluate((el: HTMLElement) => el.style.transform);
            const m = /translate\(([\d.]+)px, ([\d.]+)px\)/.exec(transform);
            at = m ? { x: Number(m[1]), y: Number(m[2]) } : { x: NaN, y: NaN };
            return Math.hypot(at.x - expected.x, at.y - expected.y);
          },
          { timeout: 5000 },
        )
        .toBeLessThan(12);
      return at;
    };

    await technician.video.scrollIntoViewIfNeeded();
    await technician.page.mouse.move(5, 5);
    await pointAt(0.5, 0.5);
    await shown(customer.pointer.getByText('Alex Demo'));
    // A picture only: it takes no clicks and assistive technology skips it.
    expect(await customer.pointer.getAttribute('aria-hidden')).toBe('true');
    expect(await customer.pointer.evaluate((el) => getComputedStyle(el).pointerEvents)).toBe('none');
    await pointAt(0.25, 0.75);
    await e2e.screenshots('functions-pointer', customer, technician);

    await customer.grants.getByRole('button', { name: 'Stop: Pointing on your screen' }).click();
    await until(() => technician.functionStatus('Remote control'), /^Revoked$/);
    await gone(customer.pointer);
    await gone(technician.screenView.getByText('Pointing is on: move your mouse over the video'));
    // The screen is still shared; moving over it no longer points.
    await shown(customer.indicator.getByText('Your screen is being viewed'));
    await technician.page.mouse.move(10, 10);
    await technician.video.hover();
    await customer.page.waitForTimeout(500);
    expect(await customer.pointer.count()).toBe(0);
    expect(await technician.videoState()).toBe('live');
    await e2e.screenshots('functions-pointer-stopped', customer, technician);
    e2e.expectNoErrors();
  });
});

describe('file transfer', () => {
  it('sends a file each way with progress; the saved files are byte for byte the sent ones', async () => {
    const { customer, technician } = await connectWithCode(e2e);
    const shot = stepper(e2e, 'functions-files', customer, technician);
    await allow(customer, technician, 'File transfer', ASK.files);

    // The customer attaches a file in the chat; the technician accepts it.
    const up = makeFile('printer-log.bin', 6 * 1024 * 1024 + 123);
    await chooseFiles(customer.page, customer.widget.getByRole('button', { name: 'Attach files' }), [up]);
    await shown(customer.transfer('printer-log.bin').getByText('Waiting for the technician to accept.'));
    await shown(technician.transfer('printer-log.bin').getByText('The customer offers this file. Nothing is received until you accept.'));
    await shot('offered');
    await technician.filePanel.getByRole('button', { name: 'Accept printer-log.bin' }).click();
    await shown(technician.filePanel.getByRole('progressbar', { name: 'Progress of printer-log.bin' }));
    await shown(technician.transfer('printer-log.bin').getByText('Received, SHA-256 checked.'));
    await shown(customer.transfer('printer-log.bin').getByText('Sent and checked.'));
    await shot('received-by-technician');
    const atTechnician = await saveFile(technician.page, technician.filePanel.getByRole('link', { name: 'Save printer-log.bin' }));
    expect(atTechnician).toEqual({ name: 'printer-log.bin', sha256: sha256File(up), size: 6 * 1024 * 1024 + 123 });

    // The technician sends a file from the panel; the customer accepts it and saves it.
    const down = makeFile('driver-update.zip', 5 * 1024 * 1024 + 7);
    await chooseFiles(technician.page, technician.filePanel.getByRole('button', { name: 'Send a file…' }), [down]);
    await shown(customer.transfer('driver-update.zip').getByText('The technician wants to send you this file. Nothing is saved unless you accept.'));
    await shown(technician.transfer('driver-update.zip').getByText('Offered. Waiting for the customer to accept…'));
    await customer.transfers.getByRole('button', { name: 'Accept driver-update.zip' }).click();
    await shown(customer.transfers.getByRole('progressbar', { name: 'Receiving driver-update.zip' }));
    await shown(customer.transfer('driver-update.zip').getByText('Received and checked.'));
    await shown(technician.transfer('driver-update.zip').getByText('Delivered: the customer received it and the SHA-256 matches.'));
    await shot('received-by-customer');
    const atCustomer = await saveFile(customer.page, customer.transfers.getByRole('link', { name: 'Save driver-update.zip' }));
    expect(atCustomer).toEqual({ name: 'driver-update.zip', sha256: sha256File(down), size: 5 * 1024 * 1024 + 7 });

    // The relay's audit log has both, with the checked hashes.
    const transferred = (await technician.auditLines()).filter((l) => l.startsWith('File transferred, SHA-256 checked:'));
    expect(transferred).toHaveLength(2);
    expect(transferred[0]).toContain(sha256File(up));
    expect(transferred[1]).toContain(sha256File(down));
    e2e.expectNoErrors();
  });

  it('refuses a file over the limit on both sides before anything is sent', async () => {
    const { customer, technician } = await connectWithCode(e2e);
    await allow(customer, technician, 'File transfer', ASK.files);
    const big = makeFile('too-big.iso', 25 * 1024 * 1024 + 1);

    await chooseFiles(customer.page, customer.widget.getByRole('button', { name: 'Attach files' }), [big]);
    await shown(customer.transfer('too-big.iso').getByText('This file is larger than 25 MB.'));
    await chooseFiles(technician.page, technician.filePanel.getByRole('button', { name: 'Send a file…' }), [big]);
    await shown(technician.transfer('too-big.iso').getByText(/larger than 25 MB/));
    await e2e.screenshots('functions-files-too-large', customer, technician);
    // Neither side was offered anything.
    expect(await technician.filePanel.getByRole('button', { name: /^Accept/ }).count()).toBe(0);
    expect(await customer.transfers.getByRole('button', { name: /^Accept/ }).count()).toBe(0);
    expect((await technician.auditLines()).filter((l) => /offered a file/.test(l))).toEqual([]);
    e2e.expectNoErrors();
  });

  it('stops a transfer on both sides when the customer stops file transfer mid-way', async () => {
    const { customer, technician } = await connectWithCode(e2e);
    await allow(customer, technician, 'File transfer', ASK.files);
    const size = 24 * 1024 * 1024;
    const path = makeFile('big-manual.pdf', size);

    await chooseFiles(technician.page, technician.filePanel.getByRole('button', { name: 'Send a file…' }), [path]);
    await customer.transfers.getByRole('button', { name: 'Accept big-manual.pdf' }).click();
    const progress = await shown(customer.transfers.getByRole('progressbar', { name: 'Receiving big-manual.pdf' }));
    await expect.poll(() => progress.evaluate((p: HTMLProgressElement) => p.value)).toBeGreaterThan(0);
    await e2e.screenshots('functions-files-mid-way', customer, technician);
    await customer.grants.getByRole('button', { name: 'Stop: File transfer' }).click();

    await shown(customer.transfer('big-manual.pdf').getByText('Stopped: file transfer is no longer allowed.'));
    await shown(technician.transfer('big-manual.pdf').getByText('Stopped: the customer took back File transfer.'));
    await until(() => technician.functionStatus('File transfer'), /^Revoked$/);
    // Nothing half-received to save, nothing left running.
    expect(await customer.transfers.getByRole('link', { name: 'Save big-manual.pdf' }).count()).toBe(0);
    expect(await customer.transfers.getByRole('progressbar').count()).toBe(0);
    expect(await technician.filePanel.getByRole('progressbar').count()).toBe(0);
    await e2e.screenshots('functions-files-revoked', customer, technician);
    e2e.expectNoErrors();
  });
});

describe('system information', () => {
  it('shows the customer exactly what would be sent, and the console the same after Send', async () => {
    const { customer, technician } = await connectWithCode(e2e);
    await allow(customer, technician, 'System information', ASK.sysinfo);
    await technician.console.getByRole('button', { name: 'Request system information', exact: true }).click();

    const card = await shown(customer.widget.locator('#sysinfo'));
    await shown(card.getByText('Alex Demo asks for information about your system. This is exactly what would be sent:'));
    /** The table's rows as label → value. */
    const rows = async (el: typeof card): Promise<Record<string, string>> =>
      Object.fromEntries(
        await el
          .locator('tr:has(td)')
          .evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')?.textContent?.trim() ?? '', tr.querySelector('td')?.textContent?.trim() ?? ''])),
      );
    const preview = await rows(card);
    const truth = await customer.page.evaluate(() => ({ ua: navigator.userAgent, page: location.origin + location.pathname }));
    expect(preview['Browser identification']).toBe(truth.ua);
    expect(preview['This page']).toBe(truth.page);
    expect(preview['Window size']).toBe('1280×720');
    await e2e.screenshots('functions-sysinfo-preview', customer, technician);

    await card.getByRole('button', { name: 'Send', exact: true }).click();
    await gone(card);
    await customer.waitSystemLine('You sent the system information.');
    await shown(technician.sysinfo.getByText("As the customer's browser reported it at"));
    const received = await rows(technician.sysinfo);
    // The same values, one for one (the console's labels are its own).
    expect(Object.values(received).sort()).toEqual(Object.values(preview).sort());
    expect(Object.keys(received)).toHaveLength(Object.keys(preview).length);
    expect(await technician.auditLines()).toContain('The customer sent their system information.');
    await e2e.screenshots('functions-sysinfo-sent', customer, technician);
    e2e.expectNoErrors();
  });
});

describe('restart and reconnect', () => {
  /** The technician gets consent for a restart and asks for it; the customer is told what to do. */
  async function prepareRestart(customer: Customer, technician: Technician): Promise<void> {
    await allow(customer, technician, 'Restart and reconnect', ASK.reboot);
    await technician.console.getByRole('button', { name: "Restart the customer's computer" }).click();
    await e2e.screenshots('functions-reboot-asked', customer, technician);
    await shown(customer.widget.getByText('Restart your computer when your technician asks. Afterwards open this page again: you will be reconnected automatically.'));
    await shown(technician.console.getByText("Waiting for the customer's computer to restart"));
    expect(await customer.page.evaluate(() => localStorage.getItem('rsw:reboot'))).toMatch(/"token"/);
  }

  it('reconnects the customer after their browser closed and opened the page again; not after Disconnect', async () => {
    const { customer, technician } = await connectWithCode(e2e);
    const { sessionId } = await technician.consoleState();
    await customer.send('Restarting now, talk soon');
    await prepareRestart(customer, technician);

    // The "restart": the browser closes; what it keeps on disk (its storage) is there when it opens again.
    const storageState = await customer.context.storageState();
    await customer.context.close();
    await shown(technician.notice.getByText("The customer's connection dropped. Waiting for them to come back…"));
    const back = await e2e.customer({ storageState }, 'customer-restarted');
    await back.waitSystemLine('Reconnected after restart.');
    await back.waitConnected();
    await shown(technician.notice.getByText("Reconnected after restart: the customer's computer restarted and they are back."));
    await shown(technician.console.getByText(/Reconnected after restart \(\d/));
    expect(await technician.consoleState()).toMatchObject({ sessionId, sessionState: 'active' });
    // The same session: the chat so far is there, and it goes on both ways.
    await until(() => back.messages(), ['Restarting now, talk soon']);
    await back.send('I am back');
    await until(() => technician.messages(), ['Restarting now, talk soon', 'I am back']);
    expect(await back.page.evaluate(() => localStorage.getItem('rsw:reboot'))).toBeNull();
    await e2e.screenshots('functions-reboot-reconnected', back, technician);

    // Once more, but the customer disconnects before restarting: nothing rejoins, even with the token kept from before.
    await prepareRestart(back, technician);
    const beforeDisconnect = await back.context.storageState();
    await back.disconnect();
    expect(await back.waitEnded()).toBe('You ended the session.');
    expect(await back.page.evaluate(() => localStorage.getItem('rsw:reboot'))).toBeNull();
    const afterDisconnect = await back.context.storageState();
    await back.context.close();

    for (const [who, storageState] of [
      ['customer-after-disconnect', afterDisconnect],
      ['customer-stale-token', beforeDisconnect],
    ] as const) {
      const again = await e2e.customer({ storageState }, who);
      await again.page.waitForTimeout(1500);
      // The help page as on a first visit: the launcher, the box closed, not connected.
      await shown(again.launcher);
      expect(await again.panel.isHidden()).toBe(true);
      // Launcher-first: without a token the box is not even loaded; with the stale one it loads, is refused, says so.
      if ((await again.status.count()) > 0) expect(await again.status.textContent()).toMatch(/Not connected/);
      expect(await again.chatLog.locator('.system', { hasText: 'Reconnected after restart.' }).count()).toBe(0);
      await until(() => again.page.evaluate(() => localStorage.getItem('rsw:reboot')), null);
      await again.screenshot("functions-reboot-no-rejoin");
    }
    await shown(technician.sessionPanel.getByRole('heading', { name: 'Session ended' }));
    expect(await technician.auditLines()).toContain('Reconnecting after a restart is no longer possible.');
    e2e.expectNoErrors();
  });
});
