/**
 * The tariff engine (pure, framework-free): rules as data (`schema.ts`), self-validation
 * (`validate.ts`), quoting with explanations (`engine.ts`, `explain.ts`), exact money (`money.ts`).
 */
export * from "./engine.ts";
export * from "./explain.ts";
export * from "./labels.ts";
export * from "./money.ts";
export * from "./schema.ts";
export * from "./validate.ts";
