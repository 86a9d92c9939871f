// ESLint configuration for Airlock's SARIF command scanner: security rules only, so every result
// is something InfoSec wants to see (warning -> MEDIUM, error -> HIGH in Airlock).
import security from "eslint-plugin-security";

export default [
  // Lint everything the package ships, bundled dependencies included.
  { ignores: ["!**/node_modules/"] },
  security.configs.recommended,
  {
    languageOptions: { ecmaVersion: "latest", sourceType: "commonjs" },
    // The package under review must not switch rules off with /* eslint-disable */ comments.
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: "off" },
    rules: {
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      // Flags every obj[key]: too noisy to block on.
      "security/detect-object-injection": "off",
    },
  },
];
