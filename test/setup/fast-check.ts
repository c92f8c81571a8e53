import fc from "fast-check";

// CI runs property tests with a fixed seed so a red build is reproducible and never a coin toss; local
// runs explore new inputs each time (a failure prints its seed; replay it with FC_SEED=<seed>).
const seed = process.env.FC_SEED ?? (process.env.CI ? "20261129" : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
