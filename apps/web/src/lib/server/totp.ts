import QRCode from 'qrcode';

export interface TotpSetupView {
  /** The otpauth:// URI (kept in the form so a wrong code can show the same key again). */
  uri: string;
  secret: string;
  /** The secret in groups of 4 characters, easier to type by hand. */
  secretGroups: string[];
  /** The QR code as an SVG data URL (allowed by the CSP: img-src data:). */
  qrDataUrl: string;
}

const SECRET = /^[A-Z2-7]{16,64}$/;

/** What the enrolment form shows for a key: QR code and the secret for manual entry. */
export async function totpSetupView(secret: string, uri: string): Promise<TotpSetupView | null> {
  if (!SECRET.test(secret) || !uri.startsWith('otpauth://totp/')) return null;
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return {
    uri,
    secret,
    secretGroups: secret.match(/.{1,4}/g) ?? [secret],
    qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
  };
}
