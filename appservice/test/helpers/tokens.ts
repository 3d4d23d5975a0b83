import type { TokenVerifier, WhoamiResult } from "../../src/api/ports.ts";

/**
 * A token verifier over a fixed table (token → user ID), standing in for Synapse's whoami in
 * router tests: unknown tokens are refused with M_UNKNOWN_TOKEN.
 */
export function tableVerifier(tokens: Readonly<Record<string, string>>): TokenVerifier {
  return {
    whoami: (token): Promise<WhoamiResult> => {
      const userId = tokens[token];
      return Promise.resolve(
        userId === undefined
          ? { status: "invalid", errcode: "M_UNKNOWN_TOKEN", message: "no" }
          : { status: "valid", userId },
      );
    },
  };
}
