/**
 * Slack reads `<…>` in message text as mentions (`<!channel>`, `<@U123>`) and links
 * (`<https://x|label>`), and `&` as the start of an entity. Names in notifications are chosen by
 * members, so text bound for Slack-compatible webhooks is escaped the way Slack documents
 * ("Escaping text": only these three characters; Slack unescapes them for display).
 */
export function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
