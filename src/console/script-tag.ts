/**
 * The script-tag entry (to be built as one file, e.g. dist/console/remote-support-console.js): defines
 * `<remote-support-console>` and its parts. Loading the script a second time changes nothing: the elements of the
 * first load stay defined.
 */
import { RemoteSupportConsole } from './remote-support-console.js';

RemoteSupportConsole.define();
