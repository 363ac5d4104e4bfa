/**
 * Online forms of services: one JSON definition renders the form and validates what is sent.
 *
 * @module
 */

export * from "./builder.ts";
export * from "./definition.ts";
export * from "./validate.ts";
