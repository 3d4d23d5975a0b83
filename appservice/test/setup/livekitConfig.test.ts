import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  LivekitConfigError,
  renderLivekitConfig,
  renderLivekitKeyFile,
  type LivekitRenderInput,
} from "../../src/setup/livekitConfig.ts";

const input: LivekitRenderInput = {
  port: 7880,
  bindAddresses: ["127.0.0.1"],
  rtcTcpPort: 7881,
  udpPortRange: [50100, 50200],
  loopbackOnly: true,
  keyFile: "/data/livekit/keys.yaml",
};

describe("renderLivekitConfig", () => {
  it("renders a loopback-only SFU that never creates rooms on its own", () => {
    expect(parse(renderLivekitConfig(input))).toEqual({
      port: 7880,
      bind_addresses: ["127.0.0.1"],
      rtc: {
        tcp_port: 7881,
        port_range_start: 50100,
        port_range_end: 50200,
        use_external_ip: false,
        enable_loopback_candidate: true,
        ips: { includes: ["127.0.0.1/32"] },
        node_ip: "127.0.0.1",
      },
      room: { auto_create: false },
      key_file: "/data/livekit/keys.yaml",
      logging: { level: "info" },
    });
  });

  it("leaves address discovery to LiveKit in production unless a node IP is pinned", () => {
    const rtc = (extra: Partial<LivekitRenderInput>) =>
      (parse(renderLivekitConfig({ ...input, loopbackOnly: false, ...extra })) as { rtc: object })
        .rtc;
    expect(rtc({})).not.toHaveProperty("node_ip");
    expect(rtc({})).not.toHaveProperty("enable_loopback_candidate");
    expect(rtc({ nodeIp: "192.0.2.10" })).toMatchObject({ node_ip: "192.0.2.10" });
  });

  it("names every bad field at once", () => {
    expect(() =>
      renderLivekitConfig({ ...input, port: 0, rtcTcpPort: 70000, udpPortRange: [50200, 50100] }),
    ).toThrow(
      new LivekitConfigError(
        "port: 0 is not a port\nrtcTcpPort: 70000 is not a port\nudpPortRange: 50200-50100 starts after it ends",
      ),
    );
  });
});

describe("renderLivekitKeyFile", () => {
  it("writes one key: secret line", () => {
    expect(renderLivekitKeyFile("staffroom", "s".repeat(32))).toBe(
      `staffroom: ${"s".repeat(32)}\n`,
    );
  });

  it("refuses a secret livekit-server would reject", () => {
    expect(() => renderLivekitKeyFile("staffroom", "short")).toThrow(/at least 32 characters/);
  });
});
