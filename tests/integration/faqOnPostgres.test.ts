import { faqSuite } from "./faqSuite.ts";

// The same FAQ tests with the whole appservice on a throwaway PostgreSQL (design §7).
faqSuite("postgres");
