import type { Config } from '../config.ts';

/** `__Host-` prefix when served over HTTPS: Secure, Path=/, no Domain. */
export const sessionCookieName = (config: Pick<Config, 'secureCookies'>) =>
  config.secureCookies ? '__Host-ens_session' : 'ens_session';

interface CookieCtx {
  config: Config;
  resHeaders: Headers;
}

export function setSessionCookie(ctx: CookieCtx, token: string, expiresAt: Date, now: Date): void {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  const parts = [
    `${sessionCookieName(ctx.config)}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAge}`,
  ];
  if (ctx.config.secureCookies) parts.push('Secure');
  ctx.resHeaders.append('Set-Cookie', parts.join('; '));
}

export function clearSessionCookie(ctx: CookieCtx): void {
  const parts = [`${sessionCookieName(ctx.config)}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0'];
  if (ctx.config.secureCookies) parts.push('Secure');
  ctx.resHeaders.append('Set-Cookie', parts.join('; '));
}

export function readSessionToken(cookieHeader: string | null | undefined, config: Config): string | null {
  if (!cookieHeader) return null;
  const name = sessionCookieName(config);
  for (const part of cookieHeader.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) {
      const value = v.join('=');
      return /^[a-z0-9]{20,64}$/.test(value) ? value : null;
    }
  }
  return null;
}
