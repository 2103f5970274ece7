export * from "./users";
export * from "./org";
export * from "./audit";
export * from "./policies";
export * from "./inventory";
