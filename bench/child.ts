import { spawn } from "node:child_process";
import path from "node:path";
import { REPO } from "./build.js";

/** Runs a bundled script in a fresh node process; its last stdout line is JSON. */
export function runChild<T>(script: string, argv: string[], nodeArgs: string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, script, ...argv], {
      cwd: REPO,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, AWS_EC2_METADATA_DISABLED: "true" },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`${path.basename(script)} exited with ${code}\n${err}`));
      const last = out.trim().split("\n").at(-1) ?? "";
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${path.basename(script)} printed no JSON result\n${out}\n${err}`));
      }
    });
  });
}
