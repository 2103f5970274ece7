import { timestamp, uuid } from "drizzle-orm/pg-core";

/** Shared column helpers: opaque uuid ids and UTC timestamps on every table (DESIGN §3). */
export const id = () => uuid("id").primaryKey().defaultRandom();

export const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
};

export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
