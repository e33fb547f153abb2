/** The visits domain (issue 7): register, programmes, visit log, offline queue, campaigns. See docs/visits.md. */
export * from './dates.ts';
export * from './register.ts';
export * from './programmes.ts';
export * from './visit-log.ts';
export * from './offline-queue.ts';
export * from './campaigns.ts';
