import type { Env } from "../env.js";
import { loadSettings, type Settings } from "../settings/load.js";

/**
 * Settings are read once per instance (the environment of a Lambda instance never changes); a bad
 * environment fails every invocation with the same ConfigError. Lambda always sets
 * AWS_LAMBDA_FUNCTION_NAME: there the disk is scratch space, so only s3:// locations will do; off Lambda
 * (`npm run invoke`, tests) folders and the CLI's defaults are allowed.
 */
export function settingsOnce(env: Env): () => Settings {
  let loaded: { settings: Settings } | { error: unknown } | undefined;
  return () => {
    loaded ??= (() => {
      try {
        return { settings: loadSettings({ env, target: env.AWS_LAMBDA_FUNCTION_NAME ? "lambda" : "cli" }) };
      } catch (error) {
        return { error };
      }
    })();
    if ("error" in loaded) throw loaded.error;
    return loaded.settings;
  };
}
