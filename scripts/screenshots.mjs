#!/usr/bin/env node
// `npm run screenshots`: PNG screenshots of <remote-support-widget> in its main states, light and dark, for the docs
// (docs/screenshots/widget-<state>-<theme>.png), and on an Arabic page, right to left (widget-<state>-ar.png).
//
// Everything comes from the current source, no `npm run build` needed: src/server is bundled with esbuild and started
// as a real relay on loopback, which also serves a small vendor page (its `fallback`) with the widget's script-tag
// build (src/widget/script-tag.ts bundled by esbuild) and its locale files next to it. Chromium (CHROME_PATH, else
// /usr/bin/chromium, driven by playwright-core) plays the customer with real clicks and typing; a socket.io client in
// this process plays the technician.
//
// States: idle (box open, code entry), waiting (support queue), connected-prompt (a consent question on show),
// connected-grant (screen viewing allowed: indicator and grants bar), ended; and leave-a-message (nobody online), light
// only.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { loadServer } from './wtr/relay-plugin.mjs';
import { BOX_CHUNK_PATH, bundle as bundleWidgetScript, bundleLocale, localeRequest } from './wtr/widget-script-plugin.mjs';
import { io } from 'socket.io-client';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'docs', 'screenshots');
const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';
const VIEWPORT = { width: 900, height: 720 };

/** What the help page says, and what the people in the screenshots write, in English and in Arabic. */
const WORDS = {
  en: {
    title: 'Help centre — Northwind Printers',
    header: '<strong>Northwind Printers</strong> · Help centre',
    main: `<h1>Remote help from our technicians</h1>
<p>On the phone with Northwind support? Our technician can help you right here: chat with them, and — only if you
allow it — let them see your screen, send you a file or check your system.</p>
<ol><li>Call us on 0800 555 0199.</li><li>Open the support box at the bottom right.</li>
<li>Enter the 6-digit code the technician reads to you.</li><li>Allow or deny each thing the technician asks.</li></ol>`,
    name: 'Jan Kowalski',
    description: 'The printer prints blank pages.',
    chat: [
      'Hello Jan, this is Alex. I can see your request.',
      'Hi! It prints blank pages since this morning.',
      'Let me have a look at the print queue on your screen.',
      'Thanks, I can see it now.',
    ],
  },
  ar: {
    title: 'مركز المساعدة — Northwind Printers',
    header: '<strong>Northwind Printers</strong> · مركز المساعدة',
    main: `<h1>مساعدة عن بُعد من فنيينا</h1>
<p>هل تتحدث مع دعم Northwind عبر الهاتف؟ يمكن لفنيّنا مساعدتك هنا مباشرة: تحدّث معه، وإذا سمحت بذلك فقط، دعه يرى
شاشتك أو يرسل إليك ملفًا أو يفحص نظامك.</p>
<ol><li>اتصل بنا على الرقم 0800 555 0199.</li><li>افتح مربع الدعم في أسفل الصفحة.</li>
<li>أدخل الرمز المكوّن من 6 أرقام الذي يقرؤه عليك الفني.</li><li>اسمح بكل ما يطلبه الفني أو ارفضه.</li></ol>`,
    name: 'ليلى حسن',
    description: 'الطابعة تطبع صفحات فارغة.',
    chat: [
      'مرحبًا ليلى، أنا أليكس. أرى طلبك.',
      'مرحبًا! تطبع صفحات فارغة منذ هذا الصباح.',
      'دعيني أرى قائمة الطباعة على شاشتك.',
      'شكرًا، أراها الآن.',
    ],
  },
};

/** The vendor's help page in `lang`: some content, and the widget. `theme` is set on the element. */
function page(relayUrl, theme, lang) {
  const w = WORDS[lang];
  return `<!doctype html>
<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><title>${w.title}</title>
<link rel="stylesheet" href="/page.css"><script src="/widget.js" defer></script></head>
<body class="${theme === 'dark' ? 'dark' : ''}">
<header>${w.header}</header>
<main>${w.main}</main>
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
  const [server, widgetCode, boxCode] = await Promise.all([loadServer(), bundleWidgetScript(), bundleWidgetScript('box-entry.ts', 'esm')]);
  const locales = new Map();
  let relayUrl = '';
  let theme = 'light';
  let lang = 'en';
  /** The page, its style sheet, the widget's script-tag build, the box it loads and its locale files (`/locales/<locale>.js`). */
  async function serve(req, res) {
    const path = (req.url ?? '/').split('?')[0];
    const locale = localeRequest(path);
    if (locale && !locales.has(path)) locales.set(path, bundleLocale(locale.ui, locale.locale));
    const [type, body] =
      locale && (await locales.get(path))
        ? ['text/javascript', await locales.get(path)]
        : path === '/widget.js'
          ? ['text/javascript', widgetCode]
          : path === BOX_CHUNK_PATH
            ? ['text/javascript', boxCode]
            : path === '/page.css'
              ? ['text/css', PAGE_CSS]
              : path === '/'
                ? ['text/html; charset=utf-8', page(relayUrl, theme, lang)]
                : [undefined, undefined];
    if (!type) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
  }
  const relay = await server.createRelay({
    logger: 'silent',
    // The page and the relay share the origin.
    allowedOrigins: ['http://127.0.0.1:*'],
    fallback: (req, res) => void serve(req, res),
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
    for ([theme, lang] of [
      ['light', 'en'],
      ['dark', 'en'],
      ['light', 'ar'],
    ]) {
      const w = WORDS[lang];
      const context = await browser.newContext({ viewport: VIEWPORT, colorScheme: theme, reducedMotion: 'reduce', locale: 'en-US' });
      const tab = await context.newPage();
      tab.on('pageerror', (err) => console.error(`page error: ${err.message}`));
      await tab.goto(relayUrl);
      const widget = tab.locator('remote-support-widget');
      const shot = async (state) => {
        await sleep(300); // let focus rings and the countdown settle
        const file = join(OUT, `widget-${state}-${lang === 'en' ? theme : lang}.png`);
        await tab.screenshot({ path: file });
        written.push(file);
      };

      // idle: the box open on the code entry
      await widget.locator('[part=launcher]').click();
      await widget.locator('#code').waitFor();
      await shot('idle');

      // waiting: asked for help through the support queue (found by structure: the texts are in the page's language)
      await widget.locator('.or + button').click();
      await widget.locator('#name').fill(w.name);
      await widget.locator('#description').fill(w.description);
      await widget.locator('button[type=submit]').click();
      await widget.locator('.body [aria-live]').filter({ hasText: /[0-9٠-٩]/ }).waitFor();
      await tab.mouse.move(0, 0);
      await shot('waiting');

      // connected, with a consent question
      const { entries } = await tech.call('queue:list');
      await tech.call('queue:pick', { sessionId: entries[0].sessionId });
      await widget.locator('rsw-composer textarea').waitFor();
      await tech.call('chat:send', { clientId: `t-${theme}-${lang}-1`, text: w.chat[0] });
      await widget.locator('rsw-composer textarea').fill(w.chat[1]);
      await widget.locator('rsw-composer textarea').press('Enter');
      await widget.locator('rsw-chat-log .msg.customer.sent').waitFor();
      await tech.call('chat:send', { clientId: `t-${theme}-${lang}-2`, text: w.chat[2] });
      await tech.call('consent:request', { fn: 'desktop-view' });
      await widget.locator('rsw-consent-prompt [role=alertdialog]').waitFor();
      await shot('connected-prompt');

      // connected, screen viewing allowed (a real click; the grant shows once the relay confirmed it)
      await sleep(700);
      const granted = tech.next('consent:update', (u) => u.consent.grants['desktop-view'].status === 'granted');
      await widget.locator('rsw-consent-prompt .actions button').last().click();
      await granted;
      await widget.locator('[part=indicator]').waitFor();
      await tech.call('chat:send', { clientId: `t-${theme}-${lang}-3`, text: w.chat[3] });
      await widget.getByText(w.chat[3]).waitFor();
      await tab.mouse.move(0, 0);
      await shot('connected-grant');

      // ended by the technician
      await tech.call('session:end');
      await widget.locator('#ended').waitFor();
      await shot('ended');
      await context.close();
    }

    // leave a message: nobody is online, so asking for help offers the form instead (light theme, English)
    tech.socket.disconnect();
    {
      const context = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'light', reducedMotion: 'reduce', locale: 'en-US' });
      const tab = await context.newPage();
      tab.on('pageerror', (err) => console.error(`page error: ${err.message}`));
      [theme, lang] = ['light', 'en'];
      await tab.goto(relayUrl);
      const widget = tab.locator('remote-support-widget');
      await widget.locator('[part=launcher]').click();
      await widget.locator('.or + button').click();
      await widget.locator('#name').fill(WORDS.en.name);
      await widget.locator('#description').fill(WORDS.en.description);
      await widget.locator('button[type=submit]').click();
      await widget.locator('#leave-open').click();
      await widget.locator('#leave-name').fill(WORDS.en.name);
      await widget.locator('#leave-contact').fill('jan.kowalski@example.com');
      await widget.locator('#leave-text').fill(WORDS.en.description);
      await tab.mouse.move(0, 0);
      await sleep(300);
      const file = join(OUT, 'widget-leave-light.png');
      await tab.screenshot({ path: file });
      written.push(file);
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
