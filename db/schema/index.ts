export * from "./platform";
export * from "./tenancy";
export * from "./network";
export * from "./distributors";
export * from "./promotion";
export * from "./api";
