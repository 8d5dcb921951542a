/**
 * Characters no file name may carry: they are invisible, or change the direction text is shown in, so that a name can
 * look like another (`invoice-2024` U+202E `fdp.exe` shows as "invoice-2024exe.pdf"). The relay refuses offers whose
 * name has one; the UIs replace any they meet before showing or saving a name.
 * Control characters (C0, DEL, C1), soft hyphen, Arabic letter mark, Hangul fillers, Khmer inherent vowels, Mongolian
 * vowel separator and variation selectors, zero-width and directional marks (U+200B–U+200F), line and paragraph
 * separators, bidi embeddings and overrides (U+202A–U+202E), word joiner and invisible operators, bidi isolates
 * (U+2066–U+2069) and deprecated format characters (U+2060–U+206F), variation selectors, the byte order mark,
 * interlinear annotation marks, and the tag characters (U+E0000–U+E007F).
 */
// eslint-disable-next-line no-control-regex, no-misleading-character-class -- each such character is matched alone: finding them is the point
export const HIDDEN_IN_FILE_NAMES = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]|\udb40[\udc00-\udc7f]/;

/** A UTF-16 surrogate without its other half: no character at all, saved as U+FFFD. The relay refuses names with one. */
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
