import nodemailer from 'nodemailer';
import type { TransactionSql } from '@ensemblier/db';
import type { Config } from '../config.ts';

export interface MailMessage {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
}

/** Delivers one message; `tx` is the outbox transaction (the dev catcher writes into it). */
export type MailTransport = (message: MailMessage, tx: TransactionSql) => Promise<string>;

/** SMTP through nodemailer when SMTP_URL is set. */
export function smtpTransport(config: Config, smtpUrl: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpUrl);
  return async (m) => {
    await transporter.sendMail({
      from: config.mailFrom,
      to: m.to,
      subject: m.subject,
      text: m.text,
      html: m.html ?? undefined,
      messageId: m.messageId,
    });
    return 'smtp';
  };
}

/**
 * Without SMTP (dev, tests): nodemailer builds the real RFC 822 message and the dev mail
 * catcher stores it in the same transaction as the outbox row, so it lands exactly once.
 */
export function devTransport(config: Config): MailTransport {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return async (m, tx) => {
    const info = await builder.sendMail({
      from: config.mailFrom,
      to: m.to,
      subject: m.subject,
      text: m.text,
      html: m.html ?? undefined,
      messageId: m.messageId,
    });
    const raw = (info as unknown as { message: Buffer }).message.toString('utf8');
    await tx`INSERT INTO dev_mail (message_id, to_address, subject, text_body, html_body, raw)
      VALUES (${m.messageId}, ${m.to}, ${m.subject}, ${m.text}, ${m.html}, ${raw})`;
    return 'dev';
  };
}

export function createTransport(config: Config): MailTransport {
  return config.smtpUrl ? smtpTransport(config, config.smtpUrl) : devTransport(config);
}
