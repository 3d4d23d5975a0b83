import { z } from "zod";

// The appservice configuration: ONE zod schema gives the TypeScript types, the defaults and the
// validation. config.sample.yaml documents every key; test/config/sample.test.ts keeps the two
// in step. Objects are strict: an unknown key is a typo until proven otherwise.

const nonEmpty = z.string().trim().min(1, "must not be empty");

const httpUrl = nonEmpty.refine((value) => /^https?:\/\/[^/\s]+/i.test(value), {
  message: "must be an http:// or https:// URL",
});

// Matrix server_name: a hostname or IP, optionally with a port (spec "Server name").
const serverName = nonEmpty.regex(
  /^(?:[a-zA-Z0-9.-]+|\[[0-9a-fA-F:.]+\])(?::\d{1,5})?$/,
  "must be a Matrix server name such as staffroom.local or chat.example.net:8448",
);

const port = z.number().int("must be a whole number").min(0).max(65535);

/** `homeserver`: where Synapse is and which server name it serves. */
export const homeserverSchema = z.strictObject({
  url: httpUrl,
  domain: serverName,
  // Synapse's media repository when it runs as its own worker: the media Admin API the scrub
  // deletes files through is only there. Absent: `url` serves it too.
  media_admin_url: httpUrl.optional(),
});

/** `appservice`: the registration Synapse loads and where transactions and /api are served. */
export const appserviceSchema = z.strictObject({
  registration_file: nonEmpty,
  // Loopback by default: Synapse, the web client's proxy and the CLI all run beside us.
  bind_address: nonEmpty.default("127.0.0.1"),
  port: port.default(9000),
});

const sqliteSchema = z.strictObject({
  client: z.literal("sqlite3"),
  filename: nonEmpty.default("staffroom.db"),
});

const postgresSchema = z.strictObject({
  client: z.literal("pg"),
  connection: nonEmpty.refine((value) => /^postgres(ql)?:\/\//.test(value), {
    message: "must be a postgres:// connection URL",
  }),
});

/** `database`: SQLite (default, a file beside the config) or PostgreSQL. */
export const databaseSchema = z
  .discriminatedUnion("client", [sqliteSchema, postgresSchema])
  .prefault({ client: "sqlite3" });

/** `directory`: the staff directory file (operators, departments, admins). */
export const directorySectionSchema = z.strictObject({
  file: nonEmpty,
});

/** `api.rate_limit`: per-client token bucket in front of /api. */
export const rateLimitSchema = z
  .strictObject({
    requests_per_second: z.number().positive().default(20),
    burst: z.number().int().positive().default(100),
  })
  .prefault({});

/** `api`: the HTTP API used by the web client. */
export const apiSchema = z
  .strictObject({
    whoami_cache_seconds: z.number().int().min(0).default(60),
    rate_limit: rateLimitSchema,
  })
  .prefault({});

/** `logging`: level and format of the appservice's log lines (stdout). */
export const loggingSchema = z
  .strictObject({
    level: z.enum(["error", "warn", "info", "debug"]).default("info"),
    json: z.boolean().default(false),
  })
  .prefault({});

/** `provisioning`: rooms, Space and membership sync from the directory. */
export const provisioningSchema = z
  .strictObject({
    interval_minutes: z.number().min(0).default(10),
    concurrency: z.number().int().min(1).max(64).default(4),
    encrypt_rooms: z.boolean().default(false),
    deactivate_departed: z.boolean().default(false),
  })
  .prefault({});

/** `retention`: the scrub retention scheduler (the setting itself is an admin setting). */
export const retentionSchema = z
  .strictObject({
    // At most 60: the promise is that nothing survives much past its cutoff.
    check_interval_minutes: z.number().int().min(0).max(60).default(60),
    // Old events removed per purge step (0: a room's whole old prefix in one purge).
    purge_step_events: z.number().int().min(0).max(100_000).default(500),
    // Pause after a slow purge step, as a multiple of how long the step took.
    purge_pause_factor: z.number().min(0).max(20).default(0.5),
    // Rooms purged at once (1: one at a time, kindest to SQLite's single connection).
    purge_rooms_at_once: z.number().int().min(1).max(8).default(1),
    // A step is slow when Synapse answered more than this many times slower during it than
    // before the run (0: every step is followed by a pause).
    purge_latency_limit: z.number().min(0).max(100).default(2),
    // Minutes between scans for rooms staff made in other clients (0: at start-up, after a
    // directory change and on request only).
    adopt_interval_minutes: z.number().int().min(0).max(1440).default(5),
  })
  .prefault({});

const wsUrl = nonEmpty.refine((value) => /^wss?:\/\/[^/\s]+/i.test(value), {
  message: "must be a ws:// or wss:// URL",
});

/** `meetings.livekit`: the LiveKit SFU the token service mints tokens for. */
export const livekitSchema = z
  .strictObject({
    url: wsUrl.default("ws://127.0.0.1:7880"),
    api_url: httpUrl.default("http://127.0.0.1:7880"),
    key_file: nonEmpty.optional(),
    api_key: nonEmpty.optional(),
    api_secret: nonEmpty.optional(),
  })
  .prefault({});

/** `meetings.smtp`: the mail server guest invitations go out through (nodemailer). */
export const smtpSchema = z.strictObject({
  host: nonEmpty,
  port: port.default(587),
  // true: TLS from the first byte (port 465); false: STARTTLS when the server offers it.
  secure: z.boolean().default(false),
  user: nonEmpty.optional(),
  pass: nonEmpty.optional(),
  from: nonEmpty,
});

/** `meetings`: group meetings on MatrixRTC + LiveKit (the token service at /livekit/jwt). */
export const meetingsSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    livekit: livekitSchema,
    // The web client's public address: guest invitation links point at <public_url>/guest.
    public_url: httpUrl.optional(),
    // Guest invitation links expire this long after they are sent (guests are removed then).
    invite_hours: z.number().positive().max(720).default(24),
    smtp: smtpSchema.optional(),
  })
  .prefault({})
  .superRefine((meetings, ctx) => {
    const smtp = meetings.smtp;
    if (smtp !== undefined && (smtp.user === undefined) !== (smtp.pass === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["smtp", smtp.user === undefined ? "user" : "pass"],
        message: "user and pass go together",
      });
    }
    const { key_file, api_key, api_secret } = meetings.livekit;
    if ((api_key === undefined) !== (api_secret === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["livekit", api_key === undefined ? "api_key" : "api_secret"],
        message: "api_key and api_secret go together",
      });
    } else if (key_file !== undefined && api_key !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["livekit", "key_file"],
        message: "give key_file or api_key/api_secret, not both",
      });
    } else if (meetings.enabled && key_file === undefined && api_key === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["livekit", "key_file"],
        message: "required while meetings are enabled (or api_key and api_secret)",
      });
    }
  });

/**
 * `synapse`: how `npm start` runs Synapse on this machine (docker-compose and other deployments
 * ignore it). 0 workers: one process on SQLite; N: the workers topology with N sync workers, on
 * a local PostgreSQL cluster and redis-server.
 */
export const synapseSchema = z
  .strictObject({
    workers: z
      .number()
      .int("must be a whole number from 0 to 32 (0: one Synapse process)")
      .min(0, "must be 0 (one Synapse process) or more")
      .max(32, "must be at most 32 (sync workers on one machine)")
      .default(0),
  })
  .prefault({});

/** The whole config file. */
export const configSchema = z.strictObject({
  homeserver: homeserverSchema,
  appservice: appserviceSchema,
  database: databaseSchema,
  directory: directorySectionSchema,
  api: apiSchema,
  logging: loggingSchema,
  provisioning: provisioningSchema,
  retention: retentionSchema,
  meetings: meetingsSchema,
  synapse: synapseSchema,
});

/**
 * Keys applied by SIGHUP without a restart (marked `[hot-reload]` in config.sample.yaml).
 * Every other change is reported as "needs a restart" and ignored until then.
 */
export const HOT_RELOADABLE_KEYS = ["directory.file", "logging.level", "logging.json"] as const;

/** The validated configuration, defaults applied and relative paths resolved. */
export type AppConfig = z.output<typeof configSchema>;
/** The `homeserver` slice. */
export type HomeserverConfig = AppConfig["homeserver"];
/** The `appservice` slice. */
export type AppserviceConfig = AppConfig["appservice"];
/** The `database` slice (SQLite or PostgreSQL). */
export type DatabaseConfig = AppConfig["database"];
/** The `api` slice. */
export type ApiConfig = AppConfig["api"];
/** The `logging` slice. */
export type LoggingConfig = AppConfig["logging"];
/** The `provisioning` slice. */
export type ProvisioningConfig = AppConfig["provisioning"];
/** The `retention` slice. */
export type RetentionConfig = AppConfig["retention"];
/** The `meetings` slice. */
export type MeetingsConfig = AppConfig["meetings"];
/** The `synapse` slice (read by npm start only). */
export type SynapseSection = AppConfig["synapse"];
/** The raw file shape before defaults (what the start script and tests write). */
export type AppConfigInput = z.input<typeof configSchema>;
