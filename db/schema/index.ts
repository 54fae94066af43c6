export * from "./platform";
export * from "./tenancy";
export * from "./network";
