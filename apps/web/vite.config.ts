import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

// SvelteKit 3 takes its options through the Vite plugin (svelte.config.js is rejected).
export default defineConfig({
	plugins: [
		sveltekit({
			adapter: adapter(),
			compilerOptions: {
				// Svelte 5 runes everywhere.
				runes: true
			}
		})
	],
	server: {
		port: 3000
	},
	test: {
		// Unit and component (server-rendered) tests only; Playwright owns e2e tests.
		include: ['src/**/*.unit.test.ts'],
		environment: 'node',
		// Make sure Intl formatting is checked against the product's time zone.
		env: { TZ: 'Europe/Paris' }
	}
});
