#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm run build`, run automatically by `npm ci`/`npm install`).
import { main } from "../dist/cli.js";

process.exitCode = await main(process.argv.slice(2));
