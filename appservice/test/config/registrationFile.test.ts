import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { ConfigError } from "../../src/config/configError.ts";
import { parseRegistration } from "../../src/config/registrationFile.ts";
import { registrationYaml } from "../helpers/files.ts";

describe("parseRegistration", () => {
  it("reads tokens, localpart and the ephemeral flag, keeping unknown keys", () => {
    const raw = {
      ...(YAML.parse(registrationYaml("http://127.0.0.1:9000")) as object),
      "io.element.msc4190": true,
    };
    const registration = parseRegistration(raw, "reg.yaml");
    expect(registration).toMatchObject({
      id: "staffroom",
      url: "http://127.0.0.1:9000",
      asToken: "as-token",
      hsToken: "hs-token",
      senderLocalpart: "staffbot",
      pushEphemeral: true,
    });
    expect(registration.raw["io.element.msc4190"]).toBe(true);
  });

  it("lists missing tokens and unrendered template placeholders together", () => {
    const raw = YAML.parse(registrationYaml("{{APPSERVICE_URL}}")) as Record<string, unknown>;
    delete raw["hs_token"];
    delete raw["as_token"];
    const error = (() => {
      try {
        parseRegistration(raw, "reg.yaml");
      } catch (e) {
        return e;
      }
      throw new Error("expected a ConfigError");
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.path)).toEqual([
      "as_token",
      "hs_token",
      "url",
    ]);
  });
});
