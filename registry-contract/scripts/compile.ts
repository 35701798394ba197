/**
 * Compiles every `registry-contract/contracts/**\/*.sol` with the pinned solc-js (no compiler download) and writes
 * `artifacts/<Contract>.json` plus the typed `src/generated/artifacts.generated.ts`.
 *
 * Usage: `npx tsx registry-contract/scripts/compile.ts [--check]` — `--check` exits 1 if the committed
 * artifacts differ from a fresh compile instead of writing them.
 */
import { readFileSync, writeFileSync, readdirSync, statSync, mkdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const solc = require('solc') as {
  compile(
    input: string,
    callbacks: { import(path: string): { contents: string } | { error: string } },
  ): string;
  version(): string;
};

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const contractsDir = join(packageRoot, 'contracts');
const artifactsDir = join(packageRoot, 'artifacts');
const generatedFile = join(packageRoot, 'src', 'generated', 'artifacts.generated.ts');

function listSolidityFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return listSolidityFiles(full);
    return name.endsWith('.sol') ? [full] : [];
  });
}

function resolveImport(path: string): { contents: string } | { error: string } {
  try {
    return { contents: readFileSync(require.resolve(path), 'utf8') };
  } catch {
    return { error: `import not found: ${path}` };
  }
}

interface SolcOutput {
  errors?: { severity: 'error' | 'warning' | 'info'; formattedMessage: string }[];
  contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>;
}

/** Compiles all contracts and returns `{ name: { abi, bytecode, sourceName } }`. */
export function compileContracts(): Record<
  string,
  { sourceName: string; abi: unknown[]; bytecode: `0x${string}` }
> {
  const sources: Record<string, { content: string }> = {};
  for (const file of listSolidityFiles(contractsDir)) {
    sources[relative(packageRoot, file).split(sep).join('/')] = { content: readFileSync(file, 'utf8') };
  }
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      evmVersion: 'cancun',
      optimizer: { enabled: true, runs: 10_000 },
      viaIR: false,
      metadata: { bytecodeHash: 'none' },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: resolveImport })) as SolcOutput;
  const problems = output.errors ?? [];
  for (const problem of problems) console.error(problem.formattedMessage);
  if (problems.some((p) => p.severity === 'error')) throw new Error('solidity compilation failed');
  const result: Record<string, { sourceName: string; abi: unknown[]; bytecode: `0x${string}` }> = {};
  for (const [sourceName, contracts] of Object.entries(output.contracts)) {
    if (!sourceName.startsWith('contracts/')) continue;
    for (const [name, contract] of Object.entries(contracts)) {
      if (contract.evm.bytecode.object === '') continue; // interfaces and abstract contracts
      result[name] = { sourceName, abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` };
    }
  }
  return result;
}

/**
 * The audited ERC-1056 `EthereumDIDRegistry` artifact shipped by the `ethr-did-registry` npm package, copied verbatim
 * (never recompiled or rewritten).
 */
function ethereumDidRegistryArtifact(): { sourceName: string; abi: unknown[]; bytecode: `0x${string}` } {
  const { EthereumDIDRegistry } = require('ethr-did-registry') as {
    EthereumDIDRegistry: { abi: unknown[]; bytecode: `0x${string}`; sourceName: string };
  };
  const entry = require.resolve('ethr-did-registry'); // the exports map hides package.json: find it from the entry
  const packageDir = entry.slice(
    0,
    entry.lastIndexOf(`node_modules${sep}ethr-did-registry`) + `node_modules${sep}ethr-did-registry`.length,
  );
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  return {
    sourceName: `ethr-did-registry@${version}/${EthereumDIDRegistry.sourceName}`,
    abi: EthereumDIDRegistry.abi,
    bytecode: EthereumDIDRegistry.bytecode,
  };
}

function camel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function render(compiled: ReturnType<typeof compileContracts>): { files: Map<string, string> } {
  const files = new Map<string, string>();
  const names = Object.keys(compiled).sort();
  for (const name of names) {
    const c = compiled[name]!;
    files.set(
      join(artifactsDir, `${name}.json`),
      JSON.stringify(
        {
          contractName: name,
          sourceName: c.sourceName,
          compiler: `solc-js ${solc.version()}`,
          abi: c.abi,
          bytecode: c.bytecode,
        },
        null,
        2,
      ) + '\n',
    );
  }
  const ts = [
    '// Generated by registry-contract/scripts/compile.ts from registry-contract/contracts. Do not edit.',
    `// Compiler: solc-js ${solc.version()}`,
    '',
    ...names.flatMap((name) => [
      `/** ABI and creation bytecode of \`${name}\` (${compiled[name]!.sourceName}). */`,
      `export const ${camel(name)}Artifact = {`,
      `  contractName: '${name}',`,
      `  abi: ${JSON.stringify(compiled[name]!.abi)},`,
      `  bytecode: '${compiled[name]!.bytecode}',`,
      '} as const;',
      '',
    ]),
  ].join('\n');
  files.set(generatedFile, ts);
  return { files };
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const check = process.argv.includes('--check');
  const started = performance.now();
  let compiled: ReturnType<typeof compileContracts>;
  try {
    compiled = { ...compileContracts(), EthereumDIDRegistry: ethereumDidRegistryArtifact() };
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const { files } = render(compiled);
  let stale = 0;
  for (const [path, content] of files) {
    const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (current === content) continue;
    stale++;
    if (check) console.error(`stale: ${relative(process.cwd(), path)}`);
    else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
    }
  }
  const ms = Math.round(performance.now() - started);
  if (check && stale > 0) {
    console.error(`${stale} artifact(s) out of date: run npm run compile:contracts`);
    process.exit(1);
  }
  console.log(
    `compiled ${files.size - 1} contracts with solc-js ${solc.version()} in ${ms} ms (${check ? 'checked' : `${stale} written`})`,
  );
}
