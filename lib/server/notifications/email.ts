import "server-only";
/**
 * E-mail over SMTP (nodemailer), plain text with a link. One transport per SMTP URL per process.
 * Plain Node module (no next/*, no server-only), so the scheduler harness can load it.
 */
import nodemailer, { type Transporter } from "nodemailer";

const transports = new Map<string, Transporter>();

function transportFor(smtpUrl: string, timeoutMs: number): Transporter {
  let t = transports.get(smtpUrl);
  if (!t) {
    t = nodemailer.createTransport(smtpUrl, {
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    transports.set(smtpUrl, t);
  }
  return t;
}

export type EmailMessage = { to: string; subject: string; text: string; dedupeKey: string };

export type EmailResult = { ok: true } | { ok: false; error: string };

export async function sendEmail(smtpUrl: string, from: string, message: EmailMessage, timeoutMs: number): Promise<EmailResult> {
  try {
    await transportFor(smtpUrl, timeoutMs).sendMail({
      from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      headers: { "X-Steward-Notification-Key": message.dedupeKey, "Auto-Submitted": "auto-generated" },
    });
    return { ok: true };
  } catch (error) {
    // nodemailer errors can quote the server's reply, never our credentials (they are in the URL only).
    const e = error as { code?: string; message?: string; responseCode?: number };
    return { ok: false, error: `SMTP: ${e.code ?? "error"}${e.responseCode ? ` ${e.responseCode}` : ""} ${(e.message ?? String(error)).slice(0, 300)}` };
  }
}

/** The SMTP URL without user name or password, for the settings page. */
export function describeSmtpUrl(smtpUrl: string): string {
  try {
    const url = new URL(smtpUrl);
    return `${url.protocol}//${url.host}`;
  } catch {
    return "(unparseable)";
  }
}
