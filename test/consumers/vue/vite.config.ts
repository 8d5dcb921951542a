import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// recipe:start
export default defineConfig({
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('remote-support-') } } })],
});
// recipe:end
