import type { Plugin } from 'vite';

/**
 * Every `msg()` in our sources has an explicit id and is a string or a `str` template (test/unit/translations.test.ts
 * checks both), so two parts of @lit/localize's message lookup are dead code in the script-tag bundles: the id hashing
 * of id-less messages (an FNV-1a 64 implementation) and the reordering of `html` template values. Its runtime-msg
 * module is replaced by the lookup that remains (about 0.3 KB gzip less; a message without an id would show in
 * English).
 */
export function leanMsgLookup(): Plugin {
  const lean = '\0rsw-runtime-msg';
  return {
    name: 'rsw-lean-msg-lookup',
    enforce: 'pre',
    resolveId(source, importer) {
      return source.endsWith('/runtime-msg.js') && importer && /@lit[\\/]localize[\\/]init[\\/]/.test(importer) ? lean : null;
    },
    load(id) {
      if (id !== lean) return null;
      return `import { defaultMsg } from '@lit/localize/internal/default-msg.js';
import { joinStringsAndValues } from '@lit/localize/internal/str-tag.js';
export function runtimeMsg(templates, template, options) {
  const localized = templates && options && templates[options.id];
  if (!localized) return defaultMsg(template);
  return typeof localized === 'string' ? localized : joinStringsAndValues(localized.strings, template.values, localized.values);
}`;
    },
  };
}
