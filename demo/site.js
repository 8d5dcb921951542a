// The demo's web site: a fictional vendor's help page with the one-line widget embed, the technician console page and
// the terms, under a strict Content-Security-Policy. demo/server.js serves it from the relay's own server; the
// deployment tests (test/deploy) serve it from a vendor app server the relay is attached to, behind nginx.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** Public paths → files. Everything else is 404: nothing outside these folders is reachable. */
const routes = (root) => [
  ['/widget/', join(root, 'dist/widget')],
  ['/console/', join(root, 'dist/console')],
  ['/assets/', join(root, 'demo/assets')],
];
const PAGES = { '/': 'help.html', '/help': 'help.html', '/technician': 'technician.html', '/terms': 'terms.html' };

/** A strict policy: no inline script or style, no eval. The widget works under it (styles via adoptedStyleSheets). */
function csp(relayUrl, extra) {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${relayUrl.replace(/^http/, 'ws')}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...extra,
  ].join('; ');
}

/**
 * `?lang=pl` (or `ar`, `de-AT`…) on a page sets its `<html lang>` (and `dir="rtl"` for Arabic and Hebrew): the widget
 * and the console then speak that language, as they would on a vendor's page in it.
 */
function pageLanguage(html, requestUrl) {
  const lang = new URL(requestUrl ?? '/', 'http://demo').searchParams.get('lang');
  if (!lang || !/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(lang)) return html;
  const dir = /^(ar|he)\b/i.test(lang) ? ' dir="rtl"' : '';
  return html.replace('<html lang="en">', `<html lang="${lang}"${dir}>`);
}

/**
 * The site's request handler. `url` is the relay's public base URL (pages name it in the embed);
 * `technicianToken()` is what `/demo/config.json` hands the console page (development only). `root` is the
 * repository's folder (default: the one this file is in; a bundled copy of this file must say); `extraCsp` adds
 * directives to the pages' Content-Security-Policy.
 * @param {{ url: string, technicianToken: () => string, root?: string, extraCsp?: string[] }} options
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void}
 */
export function demoSite({ url, technicianToken, root = ROOT, extraCsp = [] }) {
  const ROUTES = routes(root);
  function send(res, status, type, body) {
    res.writeHead(status, {
      'content-type': type,
      'content-security-policy': csp(url, extraCsp),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    res.end(body);
  }

  async function serve(req, res) {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    try {
      if (path === '/demo/config.json') {
        // Development only: hands the console page the development token. A real deployment signs technicians in.
        return send(res, 200, TYPES['.json'], JSON.stringify({ relayUrl: url, devToken: technicianToken() }));
      }
      if (PAGES[path]) {
        const html = await readFile(join(root, 'demo', PAGES[path]), 'utf8');
        return send(res, 200, TYPES['.html'], pageLanguage(html.replaceAll('%RELAY_URL%', url), req.url));
      }
      for (const [prefix, dir] of ROUTES) {
        if (!path.startsWith(prefix)) continue;
        const file = normalize(join(dir, path.slice(prefix.length)));
        if (!file.startsWith(dir + sep)) break;
        return send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file));
      }
      send(res, 404, 'text/plain; charset=utf-8', 'Not found');
    } catch (err) {
      const missing = err && err.code === 'ENOENT';
      send(res, missing ? 404 : 500, 'text/plain; charset=utf-8', missing ? 'Not found (did `npm run build` run?)' : 'Server error');
    }
  }

  return (req, res) => void serve(req, res);
}
