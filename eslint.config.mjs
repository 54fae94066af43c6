// ESLint 9 flat config: Next.js (core web vitals + TypeScript), type-checked typescript-eslint,
// and drizzle's guards against unqualified DELETE / UPDATE. Prettier is run separately
// (`npm run format`), not as part of lint.
import { defineConfig, globalIgnores } from "eslint/config";
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";
import tseslint from "typescript-eslint";

// Drizzle handles are named `db` (a Database / Db) or `tx` (a transaction) by convention;
// `t.db.delete(...)` also matches because the rule looks at the nearest property name.
const drizzleObjectName = ["db", "tx"];

export default defineConfig([
  globalIgnores([
    ".next/**",
    ".data/**",
    ".data*/**",
    "drizzle/**",
    "node_modules/**",
    "out/**",
    "build/**",
    "coverage/**",
    "playwright-report/**",
    "test-results/**",
    "next-env.d.ts",
  ]),

  ...nextCoreWebVitals,
  ...nextTypescript,
  ...tseslint.configs.recommendedTypeChecked,

  {
    name: "fenxiao/type-information",
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },

  {
    name: "fenxiao/rules",
    plugins: { drizzle },
    rules: {
      // App Router only: there is no pages/ directory for this rule to check against.
      "@next/next/no-html-link-for-pages": "off",

      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName }],

      // `_`-prefixed names are deliberately unused (placeholders, destructuring to omit).
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrorsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
      "@typescript-eslint/no-unused-expressions": "error",
      // `onClick={async () => …}` and `<form action={…}>` are normal React; still flag
      // promises passed where a void callback would swallow rejections elsewhere.
      "@typescript-eslint/no-misused-promises": [
        "error",
        { checksVoidReturn: { attributes: false } },
      ],
      // Numbers (fen, counts) in template strings are fine; objects are not.
      "@typescript-eslint/restrict-template-expressions": [
        "error",
        { allowNumber: true, allowBoolean: true, allowNullish: true },
      ],
    },
  },

  // Plain JS/MJS config files are not part of the TypeScript program.
  {
    name: "fenxiao/js-without-types",
    files: ["**/*.{js,mjs,cjs}"],
    extends: [tseslint.configs.disableTypeChecked],
  },
]);
