/**
 * The entry of the SDK chunk: loaded through `loadMatrix()` only, never imported statically by
 * code on the first screen (that would pull matrix-js-sdk into the initial bundle).
 */
export { makeSessionBackend } from "./sessionBackend.ts";
