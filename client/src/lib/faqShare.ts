// The FAQ share message has one builder, shared with the appservice's bot and exported through
// `@staffroom/appservice/contract`. That entry point also carries the zod schemas, which the
// client only ever takes with `import type`; the values come from the pure, zod-free module.
export {
  buildFaqShareContent,
  FAQ_SHARE_KEY,
  readFaqShareRef,
  type FaqShareRef,
  type ShareableFaq,
} from "../../../appservice/src/faq/faqMessage.ts";
