import { configSchema } from "../config.js";
import { CONFIG_VARIABLES, type Env } from "../env.js";
import { closest } from "./messages.js";
import { convertVariable, readVariable } from "./variables.js";

/** Raw settings from one place, before validation. `label` names that place in every message. */
export interface SettingsLayer {
  label: string;
  /** A file or JSON text holding many settings (messages then name the path inside it). */
  container: boolean;
  raw: Record<string, unknown>;
}

/** The layers merged in order (later wins), with the layer that set each field. */
export interface MergedSettings {
  raw: Record<string, unknown>;
  /** Config path ("itemLimit", "author.name") → the label of the layer that set it. */
  origins: Map<string, string>;
  containers: Set<string>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** JSON text of a whole settings object (a file's or FEED_CONFIG's), or the problem with it. */
export function objectLayer(label: string, value: unknown): SettingsLayer | string {
  if (!isObject(value)) return `${label}: must be a JSON object of settings, e.g. {"title": "News"}`;
  return { label, container: true, raw: value };
}

/** One layer per FEED_* field variable that is set, plus the problems of those that do not convert. */
export function variableLayers(env: Env): { layers: SettingsLayer[]; problems: string[] } {
  const layers: SettingsLayer[] = [];
  const problems: string[] = [];
  for (const variable of CONFIG_VARIABLES) {
    const text = readVariable(env, variable.name);
    if (text === undefined) continue;
    const converted = convertVariable(variable.name, variable.kind, text);
    if (!converted.ok) {
      problems.push(converted.problem);
      continue;
    }
    const [top, nested] = variable.field;
    const raw = nested === undefined ? { [top]: converted.value } : { [top]: { [nested]: converted.value } };
    layers.push({ label: variable.name, container: false, raw });
  }
  return { layers, problems };
}

/** Later layers override earlier ones field by field; nested objects (author) merge one level deep. */
export function mergeLayers(layers: readonly SettingsLayer[]): MergedSettings {
  const raw: Record<string, unknown> = {};
  const origins = new Map<string, string>();
  const containers = new Set<string>();
  for (const layer of layers) {
    if (layer.container) containers.add(layer.label);
    for (const [key, value] of Object.entries(layer.raw)) {
      const current = raw[key];
      if (isObject(value) && isObject(current)) {
        raw[key] = { ...current, ...value };
        for (const nested of Object.keys(value)) origins.set(`${key}.${nested}`, layer.label);
      } else {
        raw[key] = value;
        origins.set(key, layer.label);
        for (const path of [...origins.keys()]) if (path.startsWith(`${key}.`)) origins.delete(path);
        if (isObject(value) && !layer.container)
          for (const nested of Object.keys(value)) origins.set(`${key}.${nested}`, layer.label);
      }
    }
  }
  return { raw, origins, containers };
}

/** Names a setting by where the user has to fix it, e.g. `FEED_HUBS (item 2)` or `feed.json (author.url)`. */
export function whereToFix(path: readonly PropertyKey[], merged: MergedSettings): string {
  const parts = path.map(String);
  const [top, second, ...rest] = parts;
  if (top === undefined) return [...merged.containers].join(", ") || "settings";
  const nestedOrigin = second === undefined ? undefined : merged.origins.get(`${top}.${second}`);
  const origin = nestedOrigin ?? merged.origins.get(top);
  if (origin === undefined) return parts.join(".");
  if (merged.containers.has(origin)) return `${origin} (${parts.join(".")})`;
  if (nestedOrigin) return rest.length > 0 ? `${origin} (${rest.join(".")})` : origin;
  // List variables: point at the offending element, counting from 1 as people do.
  if (second !== undefined && /^\d+$/.test(second)) return `${origin} (item ${Number(second) + 1})`;
  return second === undefined ? origin : `${origin} (${[second, ...rest].join(".")})`;
}

/** "unknown key baseURL; did you mean baseUrl?", naming the layer that holds the key. */
export function unknownKeyProblem(
  parent: readonly PropertyKey[],
  key: string,
  merged: MergedSettings,
): string {
  const path = [...parent.map(String), key];
  const origin = merged.origins.get(path.join(".")) ?? merged.origins.get(String(parent[0] ?? key));
  const guess = closest(key, keysAt(parent));
  return `${origin ?? "settings"}: unknown key ${path.join(".")}${guess ? `; did you mean ${[...parent.map(String), guess].join(".")}?` : ""}`;
}

/** The setting names the schema knows at `parent` (top level, or inside an object such as author). */
function keysAt(parent: readonly PropertyKey[]): string[] {
  // Walks zod's public definition objects: optional/default wrappers hold the object in `innerType`.
  let schema: unknown = configSchema;
  for (const key of parent) {
    schema = (schema as { shape?: Record<string, unknown> }).shape?.[String(key)];
    while ((schema as { def?: { innerType?: unknown } })?.def?.innerType)
      schema = (schema as { def: { innerType: unknown } }).def.innerType;
  }
  return Object.keys((schema as { shape?: object })?.shape ?? {});
}
