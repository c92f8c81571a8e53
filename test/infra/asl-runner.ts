// Runs the rebuild state machine's definition (infra/rebuild.yml) in this process: the subset of the
// Amazon States Language it uses, nothing more (anything else throws, so a definition that grows past
// it fails the test instead of being half-run). No public tool runs a Distributed Map's ItemReader and
// ItemBatcher locally (aws-local-stepfunctions runs inline maps only), hence this. Paths are JSONPath
// of the simple form `$`, `$.a.b` and `$$.Map.Item.Value`, as the definition writes them.
import { readFile } from "node:fs/promises";
import { parse } from "yaml";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type State = Record<string, Json>;
type Machine = { StartAt: string; States: Record<string, State> };

export interface AslServices {
  /** `arn:aws:states:::lambda:invoke`: the function's return value (becomes `Payload`). */
  invoke(functionName: string, payload: Json): Promise<Json>;
  /** `arn:aws:states:::s3:getObject` in an ItemReader: the object's text. */
  getObject(bucket: string, key: string): Promise<string>;
}

/** The definition as CloudFormation would deploy it, with serverless variables and substitutions given. */
export async function loadDefinition(
  file: string,
  variables: Record<string, string | number>,
  substitutions: Record<string, string>,
): Promise<Machine> {
  const template = parse(await readFile(file, "utf8")) as {
    Resources: Record<string, { Properties: { Definition: Machine } }>;
  };
  const definition = template.Resources.RebuildStateMachine?.Properties.Definition;
  if (!definition) throw new Error("no RebuildStateMachine definition");
  const value = (name: string) => {
    if (!(name in variables)) throw new Error(`no value for serverless variable ${name}`);
    return variables[name] as string | number;
  };
  const substituted = JSON.stringify(definition)
    // A whole-value serverless variable takes the value's type (params.cjs gives numbers).
    .replace(/"\$\{self:custom\.feed\.(\w+)\}"/g, (_, name: string) => JSON.stringify(value(name)))
    .replace(/\$\{self:custom\.feed\.(\w+)\}/g, (_, name: string) => String(value(name)))
    .replace(/\$\{(\w+)\}/g, (whole, name: string) => {
      if (!(name in substitutions)) throw new Error(`no substitution for ${whole}`);
      return substitutions[name] as string;
    });
  return JSON.parse(substituted) as Machine;
}

function at(path: string, input: Json, context: Json): Json {
  const [root, ...parts] = path.split(".");
  let value: Json =
    root === "$$"
      ? context
      : root === "$"
        ? input
        : (() => {
            throw new Error(`unsupported path ${path}`);
          })();
  for (const part of parts) {
    if (value === null || typeof value !== "object" || Array.isArray(value) || !(part in value))
      throw new Error(`States.Runtime: ${path} not found in ${JSON.stringify(value).slice(0, 200)}`);
    value = value[part] as Json;
  }
  return value;
}

/** Parameters / ItemSelector / ResultSelector / BatchInput: keys ending in `.$` take a path's value. */
function template(value: Json, input: Json, context: Json = {}): Json {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => template(item, input, context));
  const out: Record<string, Json> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key.endsWith(".$")) out[key.slice(0, -2)] = at(item as string, input, context);
    else out[key] = template(item, input, context);
  }
  return out;
}

function withResult(input: Json, result: Json, resultPath: Json | undefined): Json {
  if (resultPath === undefined || resultPath === "$") return result;
  const match = /^\$\.(\w+)$/.exec(String(resultPath));
  if (!match || input === null || typeof input !== "object" || Array.isArray(input))
    throw new Error(`unsupported ResultPath ${resultPath}`);
  return { ...input, [match[1] as string]: result };
}

const KNOWN = new Set([
  "Type",
  "Resource",
  "Parameters",
  "ResultSelector",
  "ResultPath",
  "Retry",
  "Next",
  "End",
  "Comment",
  "ItemReader",
  "ItemBatcher",
  "ItemsPath",
  "ItemSelector",
  "MaxConcurrency",
  "ItemProcessor",
]);

/** Runs a machine to its end; returns its output. Retries are not exercised (a failure throws). */
export async function runMachine(machine: Machine, input: Json, services: AslServices): Promise<Json> {
  let name: string | undefined = machine.StartAt;
  let data = input;
  while (name !== undefined) {
    const state: State | undefined = machine.States[name];
    if (!state) throw new Error(`no state ${name}`);
    for (const key of Object.keys(state))
      if (!KNOWN.has(key)) throw new Error(`${name}: unsupported field ${key}`);
    let result: Json;
    if (state.Type === "Task") {
      if (state.Resource !== "arn:aws:states:::lambda:invoke")
        throw new Error(`${name}: unsupported resource`);
      const params = template(state.Parameters ?? null, data) as { FunctionName: string; Payload: Json };
      result = { Payload: await services.invoke(params.FunctionName, params.Payload) };
    } else if (state.Type === "Map") {
      result = await runMap(name, state, data, services);
    } else throw new Error(`${name}: unsupported type ${state.Type}`);
    if (state.ResultSelector) result = template(state.ResultSelector, result);
    data = withResult(data, result, state.ResultPath);
    name = state.End === true ? undefined : (state.Next as string);
  }
  return data;
}

async function runMap(name: string, state: State, data: Json, services: AslServices): Promise<Json> {
  let items: Json[];
  if (state.ItemReader) {
    const reader = state.ItemReader as {
      Resource: string;
      ReaderConfig: { InputType: string };
      Parameters: Json;
    };
    if (reader.Resource !== "arn:aws:states:::s3:getObject" || reader.ReaderConfig.InputType !== "JSON")
      throw new Error(`${name}: unsupported ItemReader`);
    const { Bucket, Key } = template(reader.Parameters, data) as { Bucket: string; Key: string };
    items = JSON.parse(await services.getObject(Bucket, Key)) as Json[];
  } else items = at(String(state.ItemsPath ?? "$"), data, {}) as Json[];
  if (!Array.isArray(items)) throw new Error(`${name}: items are not an array`);
  let inputs: Json[] = items.map((value, index) =>
    state.ItemSelector
      ? template(state.ItemSelector, data, { Map: { Item: { Value: value, Index: index } } })
      : value,
  );
  if (state.ItemBatcher) {
    const batcher = state.ItemBatcher as {
      MaxItemsPerBatch?: number;
      MaxItemsPerBatchPath?: string;
      BatchInput?: Json;
    };
    const size = batcher.MaxItemsPerBatchPath
      ? Number(at(batcher.MaxItemsPerBatchPath, data, {}))
      : Number(batcher.MaxItemsPerBatch);
    if (!Number.isInteger(size) || size < 1) throw new Error(`${name}: no batch size`);
    const batchInput = batcher.BatchInput ? template(batcher.BatchInput, data) : undefined;
    const batches: Json[] = [];
    for (let i = 0; i < inputs.length; i += size)
      batches.push({
        ...(batchInput ? { BatchInput: batchInput } : {}),
        Items: inputs.slice(i, i + size),
      });
    inputs = batches;
  }
  const processor = state.ItemProcessor as unknown as Machine;
  const limit = Number(state.MaxConcurrency ?? inputs.length) || inputs.length;
  const results: Json[] = new Array(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const index = next++;
      results[index] = await runMachine(processor, inputs[index] as Json, services);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
  return results;
}
