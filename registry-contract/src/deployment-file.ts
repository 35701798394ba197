/**
 * Reading and writing `registry-contract/deployments/<chainId>.json`, the record of where the registries live.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RegistryDeployment } from './deploy.ts';

/** The folder of committed deployment records. */
export const DEPLOYMENTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'deployments');

/**
 * Writes `<dir>/<chainId>.json`.
 * @param deployment - the deployment to record.
 * @param dir - target folder, {@link DEPLOYMENTS_DIR} by default.
 * @returns the file path.
 */
export function writeDeploymentFile(deployment: RegistryDeployment, dir: string = DEPLOYMENTS_DIR): string {
  const path = join(dir, `${deployment.chainId}.json`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(
    path,
    JSON.stringify({ ...deployment, recordedAt: new Date().toISOString() }, null, 2) + '\n',
  );
  return path;
}

/**
 * Reads `<dir>/<chainId>.json`.
 * @returns the deployment, or undefined when none is recorded for that chain.
 */
export function readDeploymentFile(
  chainId: number,
  dir: string = DEPLOYMENTS_DIR,
): RegistryDeployment | undefined {
  const path = join(dir, `${chainId}.json`);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as RegistryDeployment;
}
