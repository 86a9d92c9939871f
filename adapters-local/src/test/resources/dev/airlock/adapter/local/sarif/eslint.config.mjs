import js from "@eslint/js";
import security from "eslint-plugin-security";

export default [
  { ignores: ["!**/node_modules/"] },
  js.configs.recommended,
  security.configs.recommended,
  {
    languageOptions: { ecmaVersion: "latest", sourceType: "commonjs" },
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: "off" },
    rules: { "no-eval": "error", "no-implied-eval": "error", "no-new-func": "error", "no-undef": "off" },
  },
];
