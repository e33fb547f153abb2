import postgres from 'postgres';

export type Sql = postgres.Sql;
export type TransactionSql = postgres.TransactionSql;

/** The application role: owns nothing, is not a superuser, has no BYPASSRLS. */
export const APP_ROLE = 'ensemblier_app';

export interface DatabaseUrls {
  /** Role that owns the schema and runs migrations. */
  ownerUrl: string;
  /** Restricted role used by the API and the worker. */
  appUrl: string;
}

/** Derives the app role's URL from the owner's URL when APP_DATABASE_URL is unset. */
export function deriveAppUrl(ownerUrl: string, appPassword: string): string {
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = appPassword;
  return url.toString();
}

export function connect(url: string, options: postgres.Options<Record<string, never>> = {}): Sql {
  return postgres(url, {
    max: 10,
    idle_timeout: 30,
    onnotice: () => {},
    ...options,
  });
}
