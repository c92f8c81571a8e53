#!/usr/bin/env node
// The compiled CLI lives in dist/: built by `npm run build`, which `npm ci`/`npm install` (prepare) and
// `npm pack`/`npm publish` (prepack) run; package.json `files` ships it.
import { main } from "../dist/cli.js";

process.exitCode = await main(process.argv.slice(2));
