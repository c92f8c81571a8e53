// The CLI as the fault suite runs it: from source (tsx), in its own process, so SIGKILL stops it
// wherever it is. Kept separate from bin/ (which needs a build) and from the CLI module's layout.
import { main } from "../../src/cli.js";

process.exitCode = await main(process.argv.slice(2));
