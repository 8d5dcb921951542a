// axe-core's browser build registers `window.axe` (its types are those of the `axe-core` package).
declare module 'axe-core/axe.min.js';
