/**
 * The launcher's chat icon (24×24 viewBox, stroked path): the host draws it (views.ts) and so does the box
 * (screens/header.ts). A module of its own, so that the box imports nothing else of the launcher's views and texts.
 */
export const CHAT_ICON = 'M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z';
