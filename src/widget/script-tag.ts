/**
 * The script-tag entry (built as one IIFE file, dist/widget/remote-support-widget.js): defines
 * `<remote-support-widget>` and its parts. Loading the script a second time changes nothing: the elements of the
 * first load stay defined.
 */
import { RemoteSupportWidget } from './remote-support-widget.js';

RemoteSupportWidget.define();
