export * from './connection.ts';
export * from './embedded.ts';
export * from './migrate.ts';
export * from './setup.ts';
export * from './tenant.ts';
export * from './reference.ts';
