/**
 * Runs one verifier service as its own process, configured from the environment exactly as in production
 * (`loadVerifierConfig(process.env)`, shipped defaults for everything not set), and prints `READY <url>` on stdout
 * once the service is ready (its registry mirrors synced).
 * The HTTP benchmark starts it so the load generator and the service do not share an event loop.
 */
import { loadVerifierConfig, startVerifierService } from '@medtrust/verifier';

const service = await startVerifierService(loadVerifierConfig(process.env));
// Ready once its registry mirrors have read the history, as a load balancer's readiness check would wait for.
await service.ready();
process.stdout.write(`READY ${service.url}\n`);
const stop = () => {
  service.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
