import "server-only";
/**
 * What delivery needs to know about its surroundings, gathered once. Tests and the exactly-once
 * harness build it by hand; the app builds it from the environment (lib/server/scheduler/start.ts).
 */
export type DeliveryConfig = {
  /** smtp:// or smtps:// URL; null when e-mail is not configured (e-mail deliveries then fail visibly). */
  smtpUrl: string | null;
  smtpFrom: string;
  /** Public origin for links in messages, e.g. https://steward.example.com */
  appOrigin: string;
  /** The key webhook signing keys are derived from (the instance's AUTH_SECRET). */
  webhookSecret: string;
  allowPrivateAddresses: boolean;
  /** Attempts before a delivery is `failed`. */
  maxAttempts: number;
  /** How long a claimed delivery is reserved for its sender; after that another process may take it. */
  leaseMs: number;
  /** Deliveries claimed per statement. Small: a claim is a promise to send soon. */
  batchSize: number;
  /** First retry delay; doubles per attempt, capped at `maxBackoffMs`. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  webhookTimeoutMs: number;
  smtpTimeoutMs: number;
};

export const DEFAULT_SMTP_FROM = "Steward <steward@localhost>";

export const deliveryDefaults = {
  smtpFrom: DEFAULT_SMTP_FROM,
  maxAttempts: 6,
  leaseMs: 5 * 60_000,
  batchSize: 20,
  baseBackoffMs: 60_000,
  maxBackoffMs: 6 * 60 * 60_000,
  webhookTimeoutMs: 10_000,
  smtpTimeoutMs: 15_000,
} satisfies Partial<DeliveryConfig>;

/** Delay before attempt `attempts + 1`, after `attempts` failed ones: base · 2^(attempts−1), capped. */
export function backoffMs(attempts: number, config: Pick<DeliveryConfig, "baseBackoffMs" | "maxBackoffMs">): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(config.maxBackoffMs, config.baseBackoffMs * 2 ** Math.min(exponent, 30));
}
