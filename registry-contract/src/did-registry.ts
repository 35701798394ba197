/**
 * The ERC-1056 `EthereumDIDRegistry` (https://eips.ethereum.org/EIPS/eip-1056), from the audited artifact of the
 * `ethr-did-registry` npm package.
 */
import { ethereumDIDRegistryArtifact } from './generated/artifacts.generated.ts';

/** ABI of the ERC-1056 registry (`identityOwner`, `changeOwner`, `addDelegate`, `validDelegate`, ...). */
export const ethereumDidRegistryAbi = ethereumDIDRegistryArtifact.abi;

/** Creation bytecode of the ERC-1056 registry, verbatim from `ethr-did-registry`. */
export const ethereumDidRegistryBytecode = ethereumDIDRegistryArtifact.bytecode;
