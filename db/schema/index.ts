export * from "./platform";
export * from "./tenancy";
export * from "./network";
export * from "./distributors";
export * from "./promotion";
export * from "./commission";
export * from "./orders";
export * from "./ledger";
