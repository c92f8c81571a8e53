import * as z from "zod";
import type { Env } from "../env.js";
import { parseJsonText } from "./messages.js";

/** How a variable's text becomes a config value: zod does the conversion, we only word the failure. */
const KINDS = {
  string: { schema: z.string(), expected: "text" },
  number: { schema: z.coerce.number(), expected: "a number" },
  // Whole-number checks are the config schema's, so they are reported once, under the variable's name.
  integer: { schema: z.coerce.number(), expected: "a number" },
  // true/false, 1/0, yes/no, on/off, y/n, enabled/disabled, any case (zod's stringbool).
  boolean: { schema: z.stringbool(), expected: "true or false" },
  "comma-list": {
    schema: z.string().transform((text) =>
      text
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item !== ""),
    ),
    expected: "a comma-separated list",
  },
  // `all`, `folders` or `none`, else a comma-separated list of category names.
  "category-feeds": {
    schema: z.string().transform((text) =>
      ["all", "folders", "none"].includes(text.trim())
        ? text.trim()
        : text
            .split(",")
            .map((item) => item.trim())
            .filter((item) => item !== ""),
    ),
    expected: "all, folders, none or a comma-separated list",
  },
  "json-array": {
    schema: z.string().transform((text, ctx) => {
      const parsed = parseJsonText(text);
      if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.reason });
      else if (!Array.isArray(parsed.value))
        ctx.addIssue({ code: "custom", message: 'must be a JSON array of strings, e.g. ["^share$"]' });
      return parsed.ok ? parsed.value : undefined;
    }),
    expected: "a JSON array",
  },
} as const;

type Kind = keyof typeof KINDS;

/**
 * An empty value counts as unset: deployment templates (CloudFormation parameters, serverless params)
 * pass "" for a setting left blank, and that must mean "use the default", not "set it to nothing".
 */
export function readVariable(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/** A variable's text as a value of `kind`, or the problem (naming the variable) when it is not one. */
export function convertVariable(
  name: string,
  kind: Kind,
  text: string,
): { ok: true; value: unknown } | { ok: false; problem: string } {
  const result = KINDS[kind].schema.safeParse(text);
  if (result.success) return { ok: true, value: result.data };
  const custom = result.error.issues.find((issue) => issue.code === "custom");
  return {
    ok: false,
    problem: `${name}: ${custom ? custom.message : `${JSON.stringify(text)} is not ${KINDS[kind].expected}`}`,
  };
}
