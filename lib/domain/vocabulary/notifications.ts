/** The scheduler jobs an admin may run now (POST …/jobs/{name}/run); zod-free for the webhooks page, lib/validation/notifications builds jobNameParams from it. */
export const jobNames = ["reminders", "rotation-expiry", "deliveries"] as const;
export type JobName = (typeof jobNames)[number];
