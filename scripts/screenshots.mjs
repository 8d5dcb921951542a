#!/usr/bin/env node
// `npm run screenshots`: PNG screenshots of <remote-support-widget> in its main states, light and dark, for the docs
// (docs/screenshots/widget-<state>-<theme>.png).
//
// Everything comes from the current source, no `npm run build` needed: src/server is bundled with esbuild and started
// as a real relay on loopback, which also serves a small vendor page (its `fallback`) with the widget's script-tag
// build (src/widget/script-tag.ts bundled by esbuild). Chromium (CHROME_PATH, else /usr/bin/chromium, driven by
// playwright-core) plays the customer with real clicks and typing; a socket.io client in this process plays the
// technician.
//
// States: idle (box open, code entry), waiting (support queue), connected-prompt (a consent question on show),
// connected-grant (screen viewing allowed: indicator and grants bar), ended.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { loadServer } from './wtr/relay-plugin.mjs';
import { bundle as bundleWidgetScript } from './wtr/widget-script-plugin.mjs';
import { io } from 'socket.io-client';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'docs', 'screenshots');
const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';
const VIEWPORT = { width: 900, height: 720 };

/** The vendor's help page: some content, and the widget. `theme` is set on the element. */
function page(relayUrl, theme) {
  const dark = theme === 'dark';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Help centre — Northwind Printers</title>
<link rel="stylesheet" href="/page.css"><script src="/widget.js" defer></script></head>
<body class="${dark ? 'dark' : ''}">
<header><strong>Northwind Printers</strong> · Help centre</header>
<main><h1>Remote help from our technicians</h1>
<p>On the phone with Northwind support? Our technician can help you right here: chat with them, and — only if you
allow it — let them see your screen, send you a file or check your system.</p>
<ol><li>Call us on 0800 555 0199.</li><li>Open the support box at the bottom right.</li>
<li>Enter the 6-digit code the technician reads to you.</li><li>Allow or deny each thing the technician asks.</li></ol>
</main>
<remote-support-widget server="${relayUrl}" vendor="Northwind Printers" queue theme="${theme}"></remote-support-widget>
</body></html>`;
}

const PAGE_CSS = `
  body { margin: 0; font: 16px/1.5 system-ui, sans-serif; background: #f7f7f9; color: #222; }
  body.dark { background: #121212; color: #ddd; }
  header { padding: 1rem 2rem; background: #1a3d6d; color: #fff; }
  main { max-width: 40rem; padding: 1rem 2rem; }
`;

function technician(relayUrl, token) {
  const socket = io(`${relayUrl}/technician`, { transports: ['websocket'], auth: { token }, forceNew: true });
  const call = (event, payload = {}) =>
    socket
      .timeout(5_000)
      .emitWithAck(event, payload)
      .then((res) => {
        if (!res.ok) throw new Error(`${event}: ${res.error.code}`);
        return res;
      });
  const next = (event, test = () => true) =>
    new Promise((resolve) => {
      const handler = (payload) => {
        if (!test(payload)) return;
        socket.off(event, handler);
        resolve(payload);
      };
      socket.on(event, handler);
    });
  return { socket, call, next };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  if (!existsSync(executablePath)) throw new Error(`No Chromium at ${executablePath}; set CHROME_PATH`);
  const [server, widgetCode] = await Promise.all([loadServer(), bundleWidgetScript()]);
  let relayUrl = '';
  let theme = 'light';
  const relay = await server.createRelay({
    logger: 'silent',
    // The page and the relay share the origin.
    allowedOrigins: ['http://127.0.0.1:*'],
    fallback: (req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      const [type, body] =
        path === '/widget.js'
          ? ['text/javascript', widgetCode]
          : path === '/page.css'
            ? ['text/css', PAGE_CSS]
            : path === '/'
              ? ['text/html; charset=utf-8', page(relayUrl, theme)]
              : [undefined, undefined];
      if (!type) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    },
  });
  relayUrl = await relay.listen(0, '127.0.0.1');
  const tech = technician(relayUrl, relay.devToken);
  await new Promise((resolve, reject) => {
    tech.socket.once('connect', resolve);
    tech.socket.once('connect_error', reject);
  });
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  mkdirSync(OUT, { recursive: true });
  const written = [];
  try {
    for (theme of ['light', 'dark']) {
      const context = await browser.newContext({ viewport: VIEWPORT, colorScheme: theme, reducedMotion: 'reduce', locale: 'en-US' });
      const tab = await context.newPage();
      tab.on('pageerror', (err) => console.error(`page error: ${err.message}`));
      await tab.goto(relayUrl);
      const widget = tab.locator('remote-support-widget');
      const shot = async (state) => {
        await sleep(300); // let focus rings and the countdown settle
        const file = join(OUT, `widget-${state}-${theme}.png`);
        await tab.screenshot({ path: file });
        written.push(file);
      };

      // idle: the box open on the code entry
      await widget.locator('[part=launcher]').click();
      await widget.locator('#code').waitFor();
      await shot('idle');

      // waiting: asked for help through the support queue
      await widget.getByRole('button', { name: 'Ask for help' }).click();
      await widget.locator('#name').fill('Jan Kowalski');
      await widget.locator('#description').fill('The printer prints blank pages.');
      await widget.locator('button[type=submit]').click();
      await widget.getByText('Your place in the queue: 1.').waitFor();
      await tab.mouse.move(0, 0);
      await shot('waiting');

      // connected, with a consent question
      const { entries } = await tech.call('queue:list');
      await tech.call('queue:pick', { sessionId: entries[0].sessionId });
      await widget.locator('rsw-composer textarea').waitFor();
      await tech.call('chat:send', { clientId: `t-${theme}-1`, text: 'Hello Jan, this is Alex. I can see your request.' });
      await widget.locator('rsw-composer textarea').fill('Hi! It prints blank pages since this morning.');
      await widget.locator('rsw-composer textarea').press('Enter');
      await widget.getByText('Sent', { exact: true }).waitFor();
      await tech.call('chat:send', { clientId: `t-${theme}-2`, text: 'Let me have a look at the print queue on your screen.' });
      await tech.call('consent:request', { fn: 'desktop-view' });
      await widget.locator('rsw-consent-prompt [role=alertdialog]').waitFor();
      await shot('connected-prompt');

      // connected, screen viewing allowed (a real click; the grant shows once the relay confirmed it)
      await sleep(700);
      const granted = tech.next('consent:update', (u) => u.consent.grants['desktop-view'].status === 'granted');
      await widget.locator('rsw-consent-prompt').getByRole('button', { name: 'Allow' }).click();
      await granted;
      await widget.locator('[part=indicator]').waitFor();
      await tech.call('chat:send', { clientId: `t-${theme}-3`, text: 'Thanks, I can see it now.' });
      await widget.getByText('Thanks, I can see it now.').waitFor();
      await tab.mouse.move(0, 0);
      await shot('connected-grant');

      // ended by the technician
      await tech.call('session:end');
      await widget.getByText('The technician ended the session.').waitFor();
      await shot('ended');
      await context.close();
    }
  } finally {
    await browser.close();
    tech.socket.disconnect();
    await relay.close();
  }
  for (const file of written) console.log(file.replace(`${ROOT}/`, ''));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
