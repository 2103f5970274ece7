/** TanStack Query keys of the notification surfaces. */
export const notificationKeys = {
  unread: ["notifications", "unread-count"] as const,
};
