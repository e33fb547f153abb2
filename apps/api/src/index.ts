export type { AppRouter } from './router.ts';
export type { ErrorData } from './trpc/init.ts';
