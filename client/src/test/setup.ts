// Unmounts what each test rendered; @solidjs/testing-library only does this by itself when
// vitest globals are on, and we keep them off so every test imports what it uses.
import { cleanup } from "@solidjs/testing-library";
import { afterEach } from "vitest";
import { setLogLevel } from "../lib/logger.ts";

afterEach(cleanup);
// Tests exercise failures on purpose; their expected warnings would bury real output.
setLogLevel("error");
