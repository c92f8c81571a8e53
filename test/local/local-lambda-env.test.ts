import { describe, expect, it } from "vitest";
import { localLambdaEnv } from "../../infra/invoke-local.js";

describe("localLambdaEnv (npm run invoke / npm run dev)", () => {
  it("marks the process as an on-demand Lambda, so the first invocation logs cold_start: true", () => {
    expect(localLambdaEnv(false, {})).toEqual({ AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand" });
  });

  it("pretty-prints warnings and errors on a terminal, through Powertools' dev mode and log level", () => {
    expect(localLambdaEnv(true, {})).toEqual({
      AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
      POWERTOOLS_DEV: "true",
      POWERTOOLS_LOG_LEVEL: "WARN",
    });
  });

  it("never overrides what the developer set", () => {
    expect(localLambdaEnv(true, { POWERTOOLS_LOG_LEVEL: "DEBUG", POWERTOOLS_DEV: "false" })).toEqual({
      AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
    });
  });
});
