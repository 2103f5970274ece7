import { describe, expect, it } from "vitest";
import { backoffMs, deliveryDefaults } from "./config";
import { canSendWithinLease, markMarginMs, webhookBody } from "./deliver";
import { parseWebhookUrl, vetWebhookUrl, WebhookUrlError } from "./webhook-send";
import { webhookSignature, webhookSigningKey } from "./webhook-signing";

describe("[DELIVERY] backoff", () => {
  it("doubles from the base per failed attempt, capped", () => {
    const c = { baseBackoffMs: 60_000, maxBackoffMs: 6 * 3_600_000 };
    expect([1, 2, 3, 4].map((a) => backoffMs(a, c))).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(backoffMs(20, c)).toBe(6 * 3_600_000);
    expect(backoffMs(10_000, deliveryDefaults)).toBe(deliveryDefaults.maxBackoffMs);
  });
});

describe("[DELIVERY] webhook addresses", () => {
  it("refuses non-http(s), credentials in the URL, and fragments", () => {
    expect(() => parseWebhookUrl("ftp://example.com")).toThrow(WebhookUrlError);
    expect(() => parseWebhookUrl("https://user:pw@example.com/h")).toThrow(/user name or password/);
    expect(() => parseWebhookUrl("https://example.com/h#x")).toThrow(/fragment/);
    expect(parseWebhookUrl("https://hooks.example.com/a?b=c").host).toBe("hooks.example.com");
  });

  it("private and loopback literals need the admin's permission; metadata never", async () => {
    await expect(vetWebhookUrl("http://127.0.0.1:8080/h", false)).rejects.toThrow(/private or loopback/);
    await expect(vetWebhookUrl("http://127.0.0.1:8080/h", true)).resolves.toMatchObject({ addresses: [{ address: "127.0.0.1" }] });
    await expect(vetWebhookUrl("http://169.254.169.254/latest", true)).rejects.toThrow(/never allowed/);
    await expect(vetWebhookUrl("http://[::1]/h", false)).rejects.toThrow(/private or loopback/);
    // IPv6 forms carrying a refused IPv4 address (issue 13 item 6).
    await expect(vetWebhookUrl("http://[64:ff9b::a9fe:a9fe]/h", true)).rejects.toThrow(/never allowed/);
    await expect(vetWebhookUrl("http://[::169.254.169.254]/h", true)).rejects.toThrow(/never allowed/);
    await expect(vetWebhookUrl("http://[::127.0.0.1]/h", false)).rejects.toThrow(/private or loopback/);
    await expect(vetWebhookUrl("http://[2002:7f00:1::1]/h", false)).rejects.toThrow(/private or loopback/);
  });
});

describe("[DELIVERY] webhook signatures", () => {
  it("derive a distinct key per endpoint and instance secret; sign the raw body", () => {
    const k1 = webhookSigningKey("secret-a", "hook-1");
    expect(k1).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(webhookSigningKey("secret-a", "hook-2")).not.toBe(k1);
    expect(webhookSigningKey("secret-b", "hook-1")).not.toBe(k1);
    expect(webhookSignature(k1, '{"a":1}')).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(webhookSignature(k1, '{"a":1}')).not.toBe(webhookSignature(k1, '{"a":2}'));
  });
});

describe("[DELIVERY] a send starts only while it can end inside its lease", () => {
  const config = { leaseMs: 8_000, smtpTimeoutMs: 2_000, webhookTimeoutMs: 3_000 };
  const claimedAt = 1_000_000;
  const leaseUntil = new Date(claimedAt + config.leaseMs);
  it("keeps a margin for the mark: a quarter of the lease, at most 2 s", () => {
    expect(markMarginMs(8_000)).toBe(2_000);
    expect(markMarginMs(4_000)).toBe(1_000);
    expect(markMarginMs(300_000)).toBe(2_000);
  });
  it.each([
    ["email at the claim", "email", 0, true],
    ["email at the last moment (timeout + margin fit exactly)", "email", 4_000, true],
    ["email 1 ms later", "email", 4_001, false],
    ["webhook at the last moment", "webhook", 3_000, true],
    ["webhook 1 ms later", "webhook", 3_001, false],
    ["anything after the lease", "email", 9_000, false],
  ])("%s", (_label, channel, offset, expected) => {
    expect(canSendWithinLease(channel, leaseUntil, config, claimedAt + offset)).toBe(expected);
  });
  it("the shipped defaults leave room for both channels", () => {
    const until = new Date(claimedAt + deliveryDefaults.leaseMs);
    expect(canSendWithinLease("email", until, deliveryDefaults, claimedAt)).toBe(true);
    expect(canSendWithinLease("webhook", until, deliveryDefaults, claimedAt)).toBe(true);
  });
});

describe("[SECURITY] webhook text is escaped for Slack (issue 13 item 7)", () => {
  const work = (subject: string): Parameters<typeof webhookBody>[0] => ({
    id: "d1",
    channel: "webhook",
    email: null,
    webhookId: "w1",
    webhookUrl: "https://hooks.example.com/x",
    webhookActive: true,
    notificationId: "n1",
    dedupeKey: "k",
    kind: "rotation_due",
    subject,
    body: "b",
    link: "/inventory/c1?a=1&b=2",
    credentialId: "c1",
    teamId: null,
    payload: {},
    createdAt: new Date(0),
  });

  it("escapes &, < and > in member-controlled names so they cannot mention, link or format", () => {
    const subject = "Rotation of <!channel> <https://evil.example|click> & <@U123> is due";
    const body = JSON.parse(webhookBody(work(subject), "https://steward.example", new Date(0))) as { text: string; subject: string };
    expect(body.text).toBe(
      "Rotation of &lt;!channel&gt; &lt;https://evil.example|click&gt; &amp; &lt;@U123&gt; is due\nhttps://steward.example/inventory/c1?a=1&amp;b=2",
    );
    expect(body.text).not.toMatch(/[<>]/);
    // The structured fields stay raw: they are data, not Slack markup.
    expect(body.subject).toBe(subject);
  });
});
