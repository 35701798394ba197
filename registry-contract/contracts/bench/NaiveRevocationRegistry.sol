// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title NaiveRevocationRegistry
/// @notice Benchmark baseline only — NOT for production. The naive on-chain revocation design of the uPort
///         revocation registry: one storage slot per credential, keyed by the credential hash, one credential
///         revoked per transaction.
/// @dev Each revocation is a zero → non-zero SSTORE (~22,100 gas) plus the 21,000 gas of its own transaction.
///      Deliberately the cheapest form of that design, so that the comparison is conservative: uPort namespaces the
///      mapping by issuer (`mapping(bytes32 => mapping(address => uint256))`), which costs one more keccak256 per
///      call; here the mapping is flat and anyone may revoke any hash. The gas of the write is the same.
contract NaiveRevocationRegistry {
    /// @notice Whether the credential with this hash has been revoked.
    mapping(bytes32 credentialHash => bool) public revoked;

    /// @notice Emitted on every revocation.
    /// @param issuer The account that sent the revocation.
    /// @param credentialHash The hash of the revoked credential.
    event Revoked(address indexed issuer, bytes32 indexed credentialHash);

    /// @notice Revokes one credential. Revoking it again is idempotent (the event is still emitted).
    /// @param credentialHash The hash of the credential to revoke.
    function revoke(bytes32 credentialHash) external {
        revoked[credentialHash] = true;
        emit Revoked(msg.sender, credentialHash);
    }
}
