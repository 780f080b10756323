import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      "node_modules/**",
      ".next*/**",
      ".data/**",
      "lib/db/generated/**",
      "public/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
  },
  {
    // TensorFlow.js stays in the lab code, out of every other bundle.
    files: ["app/**", "components/**", "lib/**"],
    ignores: ["lib/labs/**", "components/labs/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@tensorflow/*"], message: "TensorFlow.js belongs in lib/labs and components/labs only." }] },
      ],
    },
  },
];

export default config;
