// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title IERC1056
/// @notice The read side of the ERC-1056 `EthereumDIDRegistry` (https://eips.ethereum.org/EIPS/eip-1056) that the
///         medtrust registries consult to decide who may act for a `did:ethr` identity.
/// @dev Only the two view functions used for authorisation are declared; the registry itself is deployed verbatim
///      from the audited `ethr-did-registry` npm artifact.
interface IERC1056 {
    /// @notice The account currently controlling `identity`.
    /// @param identity The ERC-1056 identity address (the address part of a `did:ethr`).
    /// @return The identity's current owner; `identity` itself when ownership was never changed.
    function identityOwner(address identity) external view returns (address);

    /// @notice Whether `delegate` is, at the current block time, a valid delegate of `identity` for `delegateType`.
    /// @param identity The ERC-1056 identity address.
    /// @param delegateType The delegate type (e.g. `bytes32("StatusWriter")`).
    /// @param delegate The account to check.
    /// @return True while the delegation exists and has not expired.
    function validDelegate(address identity, bytes32 delegateType, address delegate) external view returns (bool);
}
