export * from './auth/roles.ts';
export * from './auth/permissions.ts';
export * from './auth/navigation.ts';
export * from './auth/schemas.ts';
export * from './directory/organisation-types.ts';
export * from './admin/schemas.ts';
export * from './errors.ts';
