// Lints for the SPA: TypeScript, the rules of hooks, accessibility (jsx-a11y), and the data
// layer's one rule: components reach the server through the query hooks, never the client.
import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist", "src/api/schema.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  reactHooks.configs.flat.recommended,
  jsxA11y.flatConfigs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "../api/client",
              importNames: ["api", "sessionRequest", "downloadBlob", "uploadBody"],
              message: "Components go through the hooks of a feature's queries.ts (one cache, keys, invalidation).",
            },
            {
              name: "../../api/client",
              importNames: ["api", "sessionRequest", "downloadBlob", "uploadBody"],
              message: "Components go through the hooks of a feature's queries.ts (one cache, keys, invalidation).",
            },
          ],
        },
      ],
    },
  },
  {
    // The data layer itself: the client, the hooks, the session.
    files: ["src/api/**", "src/auth/**", "**/queries.ts", "**/*.test.{ts,tsx}"],
    rules: { "no-restricted-imports": "off" },
  },
);
