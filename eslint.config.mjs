// One flat config, one block per tree (appservice, client, tests/scripts/bench).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import solid from "eslint-plugin-solid/configs/typescript";
import noOnlyTests from "eslint-plugin-no-only-tests";
import prettier from "eslint-config-prettier";
import globals from "globals";

const typeAware = {
  languageOptions: {
    parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
  },
  rules: {
    "@typescript-eslint/no-floating-promises": "error",
    "@typescript-eslint/no-misused-promises": "error",
    "@typescript-eslint/consistent-type-imports": "error",
    "@typescript-eslint/no-unused-vars": [
      "error",
      { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
    ],
    "no-only-tests/no-only-tests": "error",
  },
  plugins: { "no-only-tests": noOnlyTests },
};

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      ".data/**",
      ".tools/**",
      "coverage/**",
      "appservice/stubs/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    ...typeAware,
  },
  {
    files: ["appservice/src/**/*.ts"],
    languageOptions: { globals: globals.node },
    rules: { "no-console": "error" },
  },
  {
    files: ["client/src/**/*.ts", "client/src/**/*.tsx"],
    ...solid,
    languageOptions: { ...solid.languageOptions, globals: globals.browser },
  },
  {
    files: ["client/src/**/*.ts", "client/src/**/*.tsx"],
    rules: { "no-console": "error" },
  },
  {
    files: ["scripts/**", "tests/**", "bench/**", "appservice/bin/**", "*.mjs", "*.js"],
    languageOptions: { globals: globals.node },
  },
  prettier,
);
