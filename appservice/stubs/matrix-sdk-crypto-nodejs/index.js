"use strict";
// Stand-in for @matrix-org/matrix-sdk-crypto-nodejs (see README.md beside this file).
// matrix-appservice-bridge -> @vector-im/matrix-bot-sdk requires the Rust crypto binding at load
// time, and the real package downloads its native library from outside the package registry
// during install, which fails on machines without that access. Staffroom's managed rooms are
// unencrypted and the appservice never enables bridge encryption, so no crypto code path runs.
// Every export is a function that throws a clear error if anything ever tries to use it.
const message =
  "End-to-end encryption is not available in the Staffroom appservice " +
  "(@matrix-org/matrix-sdk-crypto-nodejs is replaced by a stand-in).";
function unavailable() {
  throw new Error(message);
}
module.exports = new Proxy(
  {},
  {
    get(_target, prop) {
      if (
        typeof prop === "symbol" ||
        prop === "__esModule" ||
        prop === "then" ||
        prop === "default"
      ) {
        return undefined;
      }
      return unavailable;
    },
    has() {
      return false;
    },
    ownKeys() {
      return [];
    },
  },
);
