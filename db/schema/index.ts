export * from "./users";
export * from "./org";
export * from "./audit";
