// @web/test-runner plugin: files picked or dropped by a real user, for the widget's file-transfer tests. A page
// script can only make untrusted events (which the widget ignores); these go through Playwright and the DevTools
// protocol, so the page sees trusted events with real files, as when a customer picks or drops a file.
//
// executeCommand (from the browser with executeServerCommand from @web/test-runner-commands):
//   files:choose {files, selector?}   -> number   sets the files of the page's first <input type=file> (also in
//                                                 open shadow roots), as the file picker does
//   files:drop {files, x, y}          -> true     drags the files from outside the browser and drops them at x, y
//   `files` is [{name, base64}]; the browser takes the media type from the name's extension, as for real files
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function pageOf(session) {
  if (session.browser.type !== 'playwright') throw new Error(`files:* needs the Playwright launcher, not ${session.browser.type}`);
  return session.browser.getPage(session.id);
}

/** Runs in the page: the first element matching `selector` in the document or any open shadow root below it. */
/* global document */
function findInput(selector) {
  const find = (root) => {
    const hit = root.querySelector(selector);
    if (hit) return hit;
    for (const el of root.querySelectorAll('*')) {
      const inner = el.shadowRoot && find(el.shadowRoot);
      if (inner) return inner;
    }
    return null;
  };
  return find(document);
}

export function filesPlugin() {
  /** Folders of the files handed to the page: they must stay while the page reads them, so until the run ends. */
  const dirs = [];

  /** Writes `files` to a fresh temporary folder and passes their paths to `use`. */
  async function withFiles(files, use) {
    const dir = mkdtempSync(join(tmpdir(), 'rsw-files-'));
    dirs.push(dir);
    return use(
      files.map((f) => {
        const path = join(dir, f.name);
        writeFileSync(path, f.buffer);
        return path;
      }),
    );
  }

  return {
    name: 'rsw-files',

    serverStop() {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },

    async executeCommand({ command, payload, session }) {
      if (!command.startsWith('files:')) return undefined;
      const files = (payload?.files ?? []).map((f) => ({ name: f.name, buffer: Buffer.from(f.base64, 'base64') }));
      const page = pageOf(session);
      switch (command) {
        case 'files:choose': {
          // Playwright's setInputFiles fires an untrusted `change`; the DevTools protocol's DOM.setFileInputFiles
          // makes the browser fire trusted `input` and `change` events, as the file picker does.
          return withFiles(files, async (paths) => {
            const cdp = await page.context().newCDPSession(page);
            try {
              const { result } = await cdp.send('Runtime.evaluate', { expression: `(${findInput})(${JSON.stringify(payload.selector ?? 'input[type=file]')})` });
              if (!result.objectId) throw new Error('files:choose: no file input in the page');
              await cdp.send('DOM.setFileInputFiles', { files: paths, objectId: result.objectId });
            } finally {
              await cdp.detach();
            }
            return paths.length;
          });
        }
        case 'files:drop':
          return withFiles(files, async (paths) => {
            const cdp = await page.context().newCDPSession(page);
            try {
              const data = { items: [], files: paths, dragOperationsMask: 1 };
              for (const type of ['dragEnter', 'dragOver', 'drop']) {
                await cdp.send('Input.dispatchDragEvent', { type, x: payload.x, y: payload.y, data });
              }
            } finally {
              await cdp.detach();
            }
            return true;
          });
        default:
          throw new Error(`unknown files command "${command}"`);
      }
    },
  };
}
