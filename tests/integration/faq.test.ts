import { faqSuite } from "./faqSuite.ts";

// FAQ API, !faq and share counting on real Synapse, the appservice on SQLite.
faqSuite("sqlite");
