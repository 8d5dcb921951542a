// Custom Elements Manifest analyzer settings (`npm run analyze` → custom-elements.json).
// Events are documented with @fires on each class; the analyzer also picks up `dispatchEvent(new SomeEvent())` calls,
// whose names it cannot resolve: drop those nameless duplicates.
export default {
  litelement: true,
  globs: ['src/widget/**/*.ts', 'src/console/**/*.ts', 'src/ui/**/*.ts'],
  exclude: ['src/widget/session/**', 'src/widget/generated/**', 'src/console/session/**'],
  plugins: [
    {
      name: 'rsw-drop-nameless-events',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules ?? []) {
          for (const decl of mod.declarations ?? []) {
            if (decl.events) decl.events = decl.events.filter((event) => event.name);
          }
        }
      },
    },
  ],
};
