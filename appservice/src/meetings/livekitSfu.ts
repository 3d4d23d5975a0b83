/**
 * {@link Sfu} over livekit-server-sdk: join tokens signed with the API key and secret, rooms
 * created through LiveKit's Room Service API. The key file is read on first use (and again
 * after a failure), so the appservice starts, and chat works, even before LiveKit is set up.
 */
import { readFile } from "node:fs/promises";
import { AccessToken, RoomServiceClient } from "livekit-server-sdk";
import { parse } from "yaml";
import type { MeetingsConfig } from "../config/schema.ts";
import { SfuUnavailableError, type Sfu } from "./ports.ts";

/** Keep an unused room 5 minutes, and 20 seconds after the last person left (as lk-jwt-service). */
const EMPTY_TIMEOUT_S = 5 * 60;
const DEPARTURE_TIMEOUT_S = 20;
const TOKEN_TTL = "1h";
const REQUEST_TIMEOUT_S = 10;

type Credentials = { key: string; secret: string };

/** Reads a LiveKit key file (`key: secret` lines); the first pair is used. */
export async function readLivekitKeyFile(path: string): Promise<Credentials> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new SfuUnavailableError(
      `LiveKit's key file ${path} can't be read (${code}). npm start writes it when it starts LiveKit (which needs Go 1.26+); docker-compose's config service renders it.`,
    );
  }
  const entries = Object.entries((parse(text) as Record<string, unknown> | null) ?? {});
  const [key, secret] = entries[0] ?? [];
  if (key === undefined || typeof secret !== "string" || secret === "") {
    throw new SfuUnavailableError(`LiveKit's key file ${path} has no "key: secret" line.`);
  }
  return { key, secret };
}

/** Builds the {@link Sfu} from the `meetings.livekit` config. */
export function makeLivekitSfu(livekit: MeetingsConfig["livekit"]): Sfu {
  let cached: Credentials | undefined;
  async function credentials(): Promise<Credentials> {
    if (livekit.api_key !== undefined && livekit.api_secret !== undefined) {
      return { key: livekit.api_key, secret: livekit.api_secret };
    }
    cached ??= await readLivekitKeyFile(livekit.key_file ?? "(meetings.livekit.key_file unset)");
    return cached;
  }

  return {
    url: livekit.url,

    async ensureRoom(room) {
      const { key, secret } = await credentials();
      const client = new RoomServiceClient(livekit.api_url, key, secret, {
        requestTimeout: REQUEST_TIMEOUT_S,
      });
      try {
        await client.createRoom({
          name: room,
          emptyTimeout: EMPTY_TIMEOUT_S,
          departureTimeout: DEPARTURE_TIMEOUT_S,
        });
      } catch (error) {
        const status = (error as { status?: unknown }).status;
        if (status === 401) {
          cached = undefined;
          throw new SfuUnavailableError(
            `LiveKit at ${livekit.api_url} refused the appservice's API key: the key file and livekit-server's keys differ.`,
          );
        }
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        throw new SfuUnavailableError(
          `LiveKit at ${livekit.api_url} is not reachable (${cause ?? (error as Error).message}); is livekit-server running?`,
        );
      }
    },

    async mintToken(room, identity) {
      const { key, secret } = await credentials();
      const token = new AccessToken(key, secret, { identity, ttl: TOKEN_TTL });
      token.addGrant({
        room,
        roomJoin: true,
        roomCreate: false,
        canPublish: true,
        canSubscribe: true,
        canUpdateOwnMetadata: true,
      });
      return token.toJwt();
    },
  };
}
