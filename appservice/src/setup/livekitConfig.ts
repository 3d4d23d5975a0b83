/**
 * livekit-server's configuration (the SFU behind group meetings), rendered by `npm start`, the
 * test harness and `staffroom render-config --profile production`, so the three agree. Pure:
 * settings in, file contents out.
 *
 * The API key and secret live in a separate LiveKit key file (`<key>: <secret>`), read by both
 * livekit-server (`key_file`) and the appservice (`meetings.livekit.key_file`).
 */
import { stringify } from "yaml";

/** Where livekit-server listens and which addresses it hands to browsers. */
export type LivekitRenderInput = {
  /** HTTP/WebSocket port: signalling for browsers, the Room Service API for the appservice. */
  port: number;
  /** Addresses the HTTP port binds to. */
  bindAddresses: string[];
  /** ICE over TCP (the fallback when UDP is blocked). livekit-server binds it on every interface. */
  rtcTcpPort: number;
  /** UDP ports for media, one per peer connection. */
  udpPortRange: [number, number];
  /**
   * Loopback only (npm start and the tests): every ICE candidate is 127.0.0.1, which is what a
   * browser on the same machine can reach. Off in production, where LiveKit discovers the host's
   * addresses (or `nodeIp` pins the one to advertise).
   */
  loopbackOnly: boolean;
  /** The address advertised to browsers in ICE candidates, when discovery must not decide. */
  nodeIp?: string;
  /** Path of the key file as livekit-server will see it. */
  keyFile: string;
  logLevel?: "debug" | "info" | "warn" | "error";
};

/** A problem with the LiveKit settings, naming the field. */
export class LivekitConfigError extends Error {
  override name = "LivekitConfigError";
}

const isPort = (value: number) => Number.isInteger(value) && value >= 1 && value <= 65535;

function validate(input: LivekitRenderInput): void {
  const problems: string[] = [];
  for (const [name, value] of [
    ["port", input.port],
    ["rtcTcpPort", input.rtcTcpPort],
    ["udpPortRange[0]", input.udpPortRange[0]],
    ["udpPortRange[1]", input.udpPortRange[1]],
  ] as const) {
    if (!isPort(value)) problems.push(`${name}: ${value} is not a port`);
  }
  if (input.udpPortRange[0] > input.udpPortRange[1]) {
    problems.push(`udpPortRange: ${input.udpPortRange.join("-")} starts after it ends`);
  }
  if (input.port === input.rtcTcpPort) {
    problems.push(`rtcTcpPort: ${input.rtcTcpPort} is the same as port`);
  }
  if (input.bindAddresses.length === 0) problems.push("bindAddresses: at least one address");
  if (!input.keyFile) problems.push("keyFile: missing");
  if (problems.length > 0) throw new LivekitConfigError(problems.join("\n"));
}

/** The contents of livekit.yaml. */
export function renderLivekitConfig(input: LivekitRenderInput): string {
  validate(input);
  const rtc: Record<string, unknown> = {
    tcp_port: input.rtcTcpPort,
    port_range_start: input.udpPortRange[0],
    port_range_end: input.udpPortRange[1],
    use_external_ip: false,
  };
  if (input.nodeIp) rtc.node_ip = input.nodeIp;
  if (input.loopbackOnly) {
    // livekit-server leaves loopback out of its candidates unless told; then keep only it.
    rtc.enable_loopback_candidate = true;
    rtc.ips = { includes: ["127.0.0.1/32"] };
    rtc.node_ip = input.nodeIp ?? "127.0.0.1";
  }
  const config = {
    port: input.port,
    bind_addresses: input.bindAddresses,
    rtc,
    // Rooms are created by the appservice's token service for members only; a client holding a
    // token can never create one (lk-jwt-service's README warns about exactly this).
    room: { auto_create: false },
    key_file: input.keyFile,
    logging: { level: input.logLevel ?? "info" },
  };
  return (
    "# Rendered by Staffroom (appservice/src/setup/livekitConfig.ts). Rewritten on every start.\n" +
    stringify(config)
  );
}

/** The contents of a LiveKit key file: one `key: secret` line. */
export function renderLivekitKeyFile(apiKey: string, apiSecret: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(apiKey)) {
    throw new LivekitConfigError(`apiKey: "${apiKey}" must be letters, digits, - or _`);
  }
  if (apiSecret.length < 32) {
    throw new LivekitConfigError("apiSecret: livekit-server needs at least 32 characters");
  }
  return stringify({ [apiKey]: apiSecret });
}
