/**
 * File names as both UIs show and save them. A name from the other side may try to pass for another: invisible or
 * direction-changing characters (`invoice-2024` U+202E `fdp.exe` shows as "invoice-2024exe.pdf"), a path, or trailing
 * dots and spaces that Windows drops on saving (`report.pdf.exe.`). Such characters are replaced, and the extension
 * the file will really have is taken from the cleaned name, to be shown apart from it, with a warning for programs
 * and scripts.
 */
import { HIDDEN_IN_FILE_NAMES, LONE_SURROGATE } from '../protocol/file-names.js';

const HIDDEN = new RegExp(HIDDEN_IN_FILE_NAMES.source, 'g');
const LONE = new RegExp(LONE_SURROGATE.source, 'g');
const NAME_MAX = 255;

/**
 * Extensions of files that run code when opened (programs, installers, scripts, shortcuts, disk images, and documents
 * with macros): the receiver is warned before accepting one.
 */
export const RISKY_EXTENSIONS: ReadonlySet<string> = new Set(
  (
    'exe msi msix msp bat cmd com scr pif cpl dll ps1 psm1 vbs vbe js jse wsf wsh hta jar jnlp sh bash zsh command app ' +
    'dmg pkg apk appx appinstaller application lnk url reg inf scf chm msc iso img vhd vhdx py pl rb deb rpm run appimage ' +
    'html htm svg xll docm xlsm pptm'
  ).split(' '),
);

/** `name` with hidden characters, lone surrogates and path separators replaced by `_`, without the trailing dots and spaces Windows drops. */
export function neutralFileName(name: string): string {
  const clean = name.replace(HIDDEN, '_').replace(LONE, '_').replace(/[\\/]/g, '_').replace(/[.\s]+$/u, '').trim() || 'file';
  if (clean.length <= NAME_MAX) return clean;
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 && clean.length - dot <= 16 ? clean.slice(dot) : '';
  return clean.slice(0, NAME_MAX - ext.length) + ext;
}

/** The extension of a (neutral) file name, lower case and without the dot; '' when it has none. */
export function fileExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return '';
  const ext = name.slice(dot + 1);
  return ext.length <= 16 && /^[\p{L}\p{N}_-]+$/u.test(ext) ? ext.toLowerCase() : '';
}

/** Whether opening a file of this (neutral) name may run code. */
export function isRiskyFile(name: string): boolean {
  return RISKY_EXTENSIONS.has(fileExtension(name));
}
