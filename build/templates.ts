/** Minifies the static text of Lit's css``, html`` and svg`` templates in our sources. */
import type { Plugin } from 'vite';
import { isNode, type Node } from './ast.js';

/** Collapses the static text of a css`` template (comments, indentation, spaces around punctuation). */
export function minifyCssText(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,>]) ?/g, '$1')
    .replace(/: /g, ':')
    .replace(/;}/g, '}')
    .replace(/([\s:,(-])0\.(\d)/g, '$1.$2');
}

/** Collapses runs of whitespace in an html``/svg`` template to one space, and drops it between tags. */
export function minifyHtmlText(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/> </g, '><');
}

/**
 * Minifies the static parts of Lit's css``, html`` and svg`` templates in our sources (the JS minifier leaves
 * template text alone). Text inside `${…}` is untouched, so messages and bindings stay as written.
 */
export function minifyTemplates(): Plugin {
  return {
    name: 'rsw-minify-templates',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/(widget|ui)\/(?!session\/).*\.ts$/.test(id) || !/(css|html|svg)`/.test(code)) return null;
      const edits: { start: number; end: number; text: string }[] = [];
      const visit = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(visit);
        if (!isNode(node)) return;
        const tag = node.tag as Node | undefined;
        if (node.type === 'TaggedTemplateExpression' && tag?.type === 'Identifier') {
          const name = tag.name as string;
          const minify = name === 'css' ? minifyCssText : name === 'html' || name === 'svg' ? minifyHtmlText : undefined;
          const quasi = node.quasi as Node;
          if (minify) {
            for (const q of quasi.quasis as Node[]) {
              const raw = code.slice(q.start, q.end);
              const text = minify(raw);
              if (text !== raw) edits.push({ start: q.start, end: q.end, text });
            }
          }
        }
        for (const key of Object.keys(node)) if (key !== 'tag') visit(node[key]);
      };
      visit(this.parse(code, { lang: 'ts' }));
      let out = code;
      for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
      return { code: out, map: null };
    },
  };
}
