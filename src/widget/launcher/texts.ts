/**
 * The launcher's message when the box's files cannot be loaded, in each of the widget's languages. It is kept here
 * rather than read from the locale files because it must show when nothing more can be loaded (offline, blocked), and
 * the launcher has no @lit/localize. locales/widget/*.xlf have the same texts under the same ids (the box says the
 * same when one of its parts cannot be loaded, screens/lazy.ts); test/unit/launcher-texts.test.ts checks that they
 * agree.
 */
import type { allLocales } from '../generated/locale-codes.js';

/** The launcher's texts for the failure, by message id. */
export interface FailureTexts {
  'launcher.failed': string;
  'launcher.retry': string;
}

/** The pseudo-locale for testing (en-XA) has none here: the launcher shows English for it. */
export const FAILURE_TEXTS: Record<Exclude<(typeof allLocales)[number], 'en-XA'>, FailureTexts> = {
  en: {
    'launcher.failed': 'Remote support could not be loaded. Check your connection, then try again.',
    'launcher.retry': 'Try again',
  },
  ar: {
    'launcher.failed': 'تعذّر تحميل الدعم عن بُعد. تحقّق من اتصالك، ثم حاول مرة أخرى.',
    'launcher.retry': 'حاول مرة أخرى',
  },
  de: {
    'launcher.failed': 'Die Fernhilfe konnte nicht geladen werden. Prüfen Sie Ihre Verbindung und versuchen Sie es dann erneut.',
    'launcher.retry': 'Erneut versuchen',
  },
  es: {
    'launcher.failed': 'No se pudo cargar la asistencia remota. Comprueba tu conexión y vuelve a intentarlo.',
    'launcher.retry': 'Volver a intentarlo',
  },
  fr: {
    'launcher.failed': 'L’assistance à distance n’a pas pu être chargée. Vérifiez votre connexion, puis réessayez.',
    'launcher.retry': 'Réessayer',
  },
  pl: {
    'launcher.failed': 'Nie udało się wczytać zdalnej pomocy. Sprawdź połączenie i spróbuj ponownie.',
    'launcher.retry': 'Spróbuj ponownie',
  },
};
