import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

// SvelteKit 3 takes its options through the Vite plugin (svelte.config.js is rejected).
export default defineConfig({
  plugins: [
    sveltekit({
      // WEB_BUILD_DIR / SVELTEKIT_OUT_DIR let several builds live side by side (parallel e2e
      // runs on one machine); the defaults are build/ and .svelte-kit/.
      adapter: adapter({ out: process.env.WEB_BUILD_DIR ?? 'build' }),
      ...(process.env.SVELTEKIT_OUT_DIR ? { outDir: process.env.SVELTEKIT_OUT_DIR } : {}),
      // Nonces for SvelteKit's own inline scripts (hashes on prerendered pages). Inline style
      // attributes (used by components for computed sizes) need 'unsafe-inline' for styles only.
      // adapter-node 6 no longer reads ORIGIN at run time (it derives the origin from the
      // request, https by default), so SvelteKit's built-in check would refuse every form
      // posted over plain HTTP. The same check, against the ORIGIN environment variable
      // read when the server starts, is done in hooks.server.ts (`crossSiteRefusal`).
      csrf: { trustedOrigins: ['*'] },
      csp: {
        mode: 'auto',
        directives: {
          'default-src': ['self'],
          'script-src': ['self'],
          'style-src': ['self', 'unsafe-inline'],
          'img-src': ['self', 'data:'],
          'font-src': ['self'],
          'connect-src': ['self'],
          'object-src': ['none'],
          'frame-ancestors': ['none'],
          'form-action': ['self'],
          'base-uri': ['self'],
        },
      },
      compilerOptions: {
        // Svelte 5 runes everywhere.
        runes: true,
      },
    }),
  ],
  server: {
    port: 3000,
  },
  test: {
    // Unit and component (server-rendered) tests only; Playwright owns e2e tests.
    include: ['src/**/*.unit.test.ts'],
    environment: 'node',
    // Make sure Intl formatting is checked against the product's time zone.
    env: { TZ: 'Europe/Paris' },
    reporters: ['default', ['json', { outputFile: '../../test-results/vitest-web.json' }]],
  },
});
