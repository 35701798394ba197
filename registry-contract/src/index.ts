export {
  anchorRegistryArtifact,
  statusRegistryArtifact,
  trustRegistryArtifact,
  ethereumDIDRegistryArtifact,
} from './generated/artifacts.generated.ts';
export { ethereumDidRegistryAbi, ethereumDidRegistryBytecode } from './did-registry.ts';
export type { RegistryDeployment, DeployOptions } from './deploy.ts';
