// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC1056} from "./IERC1056.sol";
import {ERC1056Controlled} from "./ERC1056Controlled.sol";

/// @title TrustRegistry
/// @notice Which issuer identities are accredited to issue which credential type in which jurisdiction, and when.
///         Governance accredits issuers; a root accreditation marked delegable lets its holder accredit others for the
///         same type and jurisdiction within its own window (one delegated level; delegated records are never
///         delegable). History is append-only: a withdrawal shortens the active window to the withdrawal time, so
///         "was X accredited for T in J at time t?" stays answerable for any past t. Accreditation is never
///         retroactive (a window starts at the current block at the earliest) and each history is bounded
///         ({MAX_RECORDS}), so a withdrawal always fits in a block.
/// @dev `credentialType = keccak256(bytes(typeName))`, `jurisdiction = keccak256(bytes(isoCode))`. Only identity
///      addresses, hashes and timestamps are stored: never personal data.
contract TrustRegistry is AccessControl, ERC1056Controlled {
    /// @notice One accreditation record (one storage slot).
    /// @param validFrom First second (inclusive) of the validity window.
    /// @param validUntil End (exclusive) of the validity window.
    /// @param accreditor The identity that granted it; address(0) = governance (a root record).
    /// @param delegable Whether the holder may accredit others (root records only).
    struct Accreditation {
        uint40 validFrom;
        uint40 validUntil;
        address accreditor;
        bool delegable;
    }

    /// @notice Role of the accounts that grant and withdraw root accreditations.
    bytes32 public constant GOVERNANCE_ROLE = keccak256("GOVERNANCE_ROLE");

    /// @notice ERC-1056 delegate type (besides the identity owner) allowed to act for an accreditor identity.
    bytes32 public constant ACCREDITOR_DELEGATE_TYPE = "Accreditor";

    /// @notice Maximum number of records in one `(subject, credentialType, jurisdiction)` history.
    /// @dev Bounds every loop over a history, so {withdraw}, {withdrawDelegated} and {isAccredited} stay cheap: a
    ///      withdrawal at the cap costs ~0.5M gas (measured in the tests), far below a block.
    uint256 public constant MAX_RECORDS = 64;

    /// @notice A delegated record is appended only while the history holds fewer records than this, so accreditors
    ///         can never take the last `MAX_RECORDS - MAX_DELEGATED_RECORDS` slots, which stay governance's.
    uint256 public constant MAX_DELEGATED_RECORDS = 48;

    /// @dev Append-only accreditation history by subject, credential type and jurisdiction.
    mapping(address subject => mapping(bytes32 credentialType => mapping(bytes32 jurisdiction => Accreditation[])))
        private _records;

    /// @notice An accreditation record was appended.
    /// @param subject The accredited issuer identity.
    /// @param credentialType keccak256 of the credential type name.
    /// @param jurisdiction keccak256 of the jurisdiction's ISO code.
    /// @param accreditor The granting identity; address(0) = governance.
    /// @param validFrom Start (inclusive) of the window.
    /// @param validUntil End (exclusive) of the window.
    /// @param delegable Whether the subject may accredit others.
    event Accredited(
        address indexed subject,
        bytes32 indexed credentialType,
        bytes32 indexed jurisdiction,
        address accreditor,
        uint40 validFrom,
        uint40 validUntil,
        bool delegable
    );

    /// @notice An accreditation record's window was shortened to `withdrawnAt` (one event per record).
    /// @param subject The issuer identity.
    /// @param credentialType keccak256 of the credential type name.
    /// @param jurisdiction keccak256 of the jurisdiction's ISO code.
    /// @param accreditor The record's accreditor; address(0) = governance.
    /// @param withdrawnAt The block timestamp of the withdrawal.
    event AccreditationWithdrawn(
        address indexed subject,
        bytes32 indexed credentialType,
        bytes32 indexed jurisdiction,
        address accreditor,
        uint40 withdrawnAt
    );

    /// @notice A validity window that is empty or reversed (`validFrom >= validUntil`).
    /// @param validFrom The refused start.
    /// @param validUntil The refused end.
    error InvalidValidityWindow(uint40 validFrom, uint40 validUntil);

    /// @notice A validity window starting before the current block: accreditation is never retroactive (pass 0 to
    ///         start at the current block).
    /// @param validFrom The refused start.
    /// @param blockTimestamp The timestamp of the current block.
    error ValidFromInPast(uint40 validFrom, uint40 blockTimestamp);

    /// @notice The history of `(subject, credentialType, jurisdiction)` already holds `limit` records, the most a new
    ///         record of this kind may join ({MAX_RECORDS} for governance, {MAX_DELEGATED_RECORDS} for accreditors).
    /// @param subject The issuer identity.
    /// @param credentialType The credential type.
    /// @param jurisdiction The jurisdiction.
    /// @param limit The bound that was reached.
    error HistoryFull(address subject, bytes32 credentialType, bytes32 jurisdiction, uint256 limit);

    /// @notice The subject is the zero address.
    error ZeroAddressSubject();

    /// @notice The governance admin passed to the constructor is the zero address (governance would be unusable).
    error ZeroAddressAdmin();

    /// @notice The accreditor holds no active, delegable root accreditation for the type and jurisdiction.
    /// @param accreditor The accreditor identity.
    /// @param credentialType The credential type.
    /// @param jurisdiction The jurisdiction.
    error AccreditorNotAuthorized(address accreditor, bytes32 credentialType, bytes32 jurisdiction);

    /// @notice A delegated accreditation would outlast the accreditor's own accreditation.
    /// @param validUntil The requested end.
    /// @param accreditorValidUntil The end of the accreditor's active root accreditation.
    error WindowExceedsAccreditor(uint40 validUntil, uint40 accreditorValidUntil);

    /// @notice Nothing to withdraw: no record (of the caller's scope) is active or upcoming.
    /// @param subject The issuer identity.
    /// @param credentialType The credential type.
    /// @param jurisdiction The jurisdiction.
    error NoActiveAccreditation(address subject, bytes32 credentialType, bytes32 jurisdiction);

    /// @notice Deploys the registry.
    /// @param didRegistry_ The ERC-1056 `EthereumDIDRegistry` authorising accreditors' controllers.
    /// @param admin Receives `DEFAULT_ADMIN_ROLE` and {GOVERNANCE_ROLE}.
    constructor(IERC1056 didRegistry_, address admin) ERC1056Controlled(didRegistry_) {
        if (admin == address(0)) revert ZeroAddressAdmin();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(GOVERNANCE_ROLE, admin);
    }

    /// @notice Governance accredits `subject` for a credential type in a jurisdiction (a root record).
    /// @param subject The issuer identity.
    /// @param credentialType keccak256 of the credential type name.
    /// @param jurisdiction keccak256 of the jurisdiction's ISO code.
    /// @param validFrom Start (inclusive) of the window: 0 = the current block's timestamp; otherwise not before it.
    /// @param validUntil End (exclusive) of the window.
    /// @param delegable Whether `subject` may accredit others for the same type and jurisdiction.
    /// @custom:error AccessControlUnauthorizedAccount, ZeroAddressSubject, ValidFromInPast, InvalidValidityWindow,
    ///               HistoryFull (at {MAX_RECORDS}).
    function accredit(
        address subject,
        bytes32 credentialType,
        bytes32 jurisdiction,
        uint40 validFrom,
        uint40 validUntil,
        bool delegable
    ) external onlyRole(GOVERNANCE_ROLE) {
        uint40 from = _checkRecord(subject, validFrom, validUntil);
        Accreditation[] storage records = _records[subject][credentialType][jurisdiction];
        if (records.length >= MAX_RECORDS) revert HistoryFull(subject, credentialType, jurisdiction, MAX_RECORDS);
        records.push(Accreditation({validFrom: from, validUntil: validUntil, accreditor: address(0), delegable: delegable}));
        emit Accredited(subject, credentialType, jurisdiction, address(0), from, validUntil, delegable);
    }

    /// @notice A delegable root accreditation holder (`accreditor`, acting through its ERC-1056 owner or an
    ///         `Accreditor` delegate) accredits `subject` for the same type and jurisdiction, within its own window.
    /// @dev The record is never delegable. The accreditor's latest-ending active delegable root record bounds the window.
    /// @param accreditor The accrediting identity.
    /// @param subject The issuer identity.
    /// @param credentialType keccak256 of the credential type name.
    /// @param jurisdiction keccak256 of the jurisdiction's ISO code.
    /// @param validFrom Start (inclusive) of the window: 0 = the current block's timestamp; otherwise not before it.
    /// @param validUntil End (exclusive) of the window; at most the accreditor's own end.
    /// @custom:error NotIdentityController, ZeroAddressSubject, ValidFromInPast, InvalidValidityWindow,
    ///               AccreditorNotAuthorized, WindowExceedsAccreditor, HistoryFull (at {MAX_DELEGATED_RECORDS}).
    function accreditDelegated(
        address accreditor,
        address subject,
        bytes32 credentialType,
        bytes32 jurisdiction,
        uint40 validFrom,
        uint40 validUntil
    ) external {
        _requireController(accreditor, ACCREDITOR_DELEGATE_TYPE);
        uint40 from = _checkRecord(subject, validFrom, validUntil);
        uint40 accreditorValidUntil = _activeDelegableRootUntil(accreditor, credentialType, jurisdiction);
        if (accreditorValidUntil == 0) revert AccreditorNotAuthorized(accreditor, credentialType, jurisdiction);
        if (validUntil > accreditorValidUntil) revert WindowExceedsAccreditor(validUntil, accreditorValidUntil);
        Accreditation[] storage records = _records[subject][credentialType][jurisdiction];
        if (records.length >= MAX_DELEGATED_RECORDS) {
            revert HistoryFull(subject, credentialType, jurisdiction, MAX_DELEGATED_RECORDS);
        }
        records.push(Accreditation({validFrom: from, validUntil: validUntil, accreditor: accreditor, delegable: false}));
        emit Accredited(subject, credentialType, jurisdiction, accreditor, from, validUntil, false);
    }

    /// @notice Governance withdraws every active or upcoming record of `subject` (whoever granted it).
    /// @param subject The issuer identity.
    /// @param credentialType keccak256 of the credential type name.
    /// @param jurisdiction keccak256 of the jurisdiction's ISO code.
    /// @custom:error AccessControlUnauthorizedAccount, NoActiveAccreditation.
    function withdraw(address subject, bytes32 credentialType, bytes32 jurisdiction) external onlyRole(GOVERNANCE_ROLE) {
        _withdraw(subject, credentialType, jurisdiction, false, address(0));
    }

    /// @notice An accreditor withdraws the active or upcoming records it granted to `subject`.
    /// @param accreditor The accrediting identity (the caller must control it).
    /// @param subject The issuer identity.
    /// @param credentialType keccak256 of the credential type name.
    /// @param jurisdiction keccak256 of the jurisdiction's ISO code.
    /// @custom:error NotIdentityController, NoActiveAccreditation.
    function withdrawDelegated(address accreditor, address subject, bytes32 credentialType, bytes32 jurisdiction) external {
        _requireController(accreditor, ACCREDITOR_DELEGATE_TYPE);
        _withdraw(subject, credentialType, jurisdiction, true, accreditor);
    }

    /// @notice Whether `subject` was (or will be) accredited for the type in the jurisdiction at `time`.
    /// @dev True iff some record r has `r.validFrom <= time < r.validUntil` and either `r.accreditor == 0` or the
    ///      accreditor held a delegable root record of the same type and jurisdiction covering `time`.
    /// @param subject The issuer identity.
    /// @param credentialType keccak256 of the credential type name.
    /// @param jurisdiction keccak256 of the jurisdiction's ISO code.
    /// @param time The Unix time (seconds) to evaluate.
    /// @return Whether an accreditation covered `time`.
    function isAccredited(address subject, bytes32 credentialType, bytes32 jurisdiction, uint40 time) external view returns (bool) {
        Accreditation[] storage records = _records[subject][credentialType][jurisdiction];
        uint256 n = records.length;
        for (uint256 i; i < n; ) {
            Accreditation memory r = records[i];
            if (r.validFrom <= time && time < r.validUntil) {
                if (r.accreditor == address(0)) return true;
                if (_heldDelegableRootAt(r.accreditor, credentialType, jurisdiction, time)) return true;
            }
            unchecked {
                ++i;
            }
        }
        return false;
    }

    /// @notice The full, append-only history of accreditation records of `subject` for the type and jurisdiction.
    /// @param subject The issuer identity.
    /// @param credentialType keccak256 of the credential type name.
    /// @param jurisdiction keccak256 of the jurisdiction's ISO code.
    /// @return The records, oldest first.
    function accreditations(
        address subject,
        bytes32 credentialType,
        bytes32 jurisdiction
    ) external view returns (Accreditation[] memory) {
        return _records[subject][credentialType][jurisdiction];
    }

    /// @dev Validates a new record's subject and window and resolves its start.
    /// @param subject The subject.
    /// @param validFrom The window's start as requested: 0 = the current block's timestamp.
    /// @param validUntil The window's end.
    /// @return from The window's start as recorded (never before the current block).
    function _checkRecord(address subject, uint40 validFrom, uint40 validUntil) private view returns (uint40 from) {
        if (subject == address(0)) revert ZeroAddressSubject();
        uint40 nowTs = uint40(block.timestamp);
        if (validFrom == 0) from = nowTs;
        else if (validFrom < nowTs) revert ValidFromInPast(validFrom, nowTs);
        else from = validFrom;
        if (from >= validUntil) revert InvalidValidityWindow(from, validUntil);
    }

    /// @dev The latest end among `accreditor`'s root, delegable records covering the current block time.
    /// @param accreditor The accreditor identity.
    /// @param credentialType The credential type.
    /// @param jurisdiction The jurisdiction.
    /// @return until That end, or 0 when no such record exists.
    function _activeDelegableRootUntil(
        address accreditor,
        bytes32 credentialType,
        bytes32 jurisdiction
    ) private view returns (uint40 until) {
        Accreditation[] storage records = _records[accreditor][credentialType][jurisdiction];
        uint40 nowTs = uint40(block.timestamp);
        uint256 n = records.length;
        for (uint256 i; i < n; ) {
            Accreditation memory r = records[i];
            if (r.accreditor == address(0) && r.delegable && r.validFrom <= nowTs && nowTs < r.validUntil && r.validUntil > until) {
                until = r.validUntil;
            }
            unchecked {
                ++i;
            }
        }
    }

    /// @dev Whether `accreditor` held a root, delegable record of the type and jurisdiction covering `time`.
    /// @param accreditor The accreditor identity.
    /// @param credentialType The credential type.
    /// @param jurisdiction The jurisdiction.
    /// @param time The time to evaluate.
    /// @return Whether such a record covered `time`.
    function _heldDelegableRootAt(
        address accreditor,
        bytes32 credentialType,
        bytes32 jurisdiction,
        uint40 time
    ) private view returns (bool) {
        Accreditation[] storage records = _records[accreditor][credentialType][jurisdiction];
        uint256 n = records.length;
        for (uint256 i; i < n; ) {
            Accreditation memory r = records[i];
            if (r.accreditor == address(0) && r.delegable && r.validFrom <= time && time < r.validUntil) return true;
            unchecked {
                ++i;
            }
        }
        return false;
    }

    /// @dev Shortens every not-yet-ended record in scope to the current time (an upcoming record becomes the empty
    ///      window `[validFrom, validFrom)`), emitting one {AccreditationWithdrawn} per record.
    /// @param subject The issuer identity.
    /// @param credentialType The credential type.
    /// @param jurisdiction The jurisdiction.
    /// @param onlyAccreditor Whether to restrict to the records granted by `accreditor`.
    /// @param accreditor The accreditor whose records are in scope when `onlyAccreditor`.
    function _withdraw(
        address subject,
        bytes32 credentialType,
        bytes32 jurisdiction,
        bool onlyAccreditor,
        address accreditor
    ) private {
        Accreditation[] storage records = _records[subject][credentialType][jurisdiction];
        uint40 nowTs = uint40(block.timestamp);
        uint256 n = records.length;
        bool withdrawn;
        for (uint256 i; i < n; ) {
            Accreditation storage r = records[i];
            uint40 validUntil = r.validUntil;
            address recordAccreditor = r.accreditor;
            if (validUntil > nowTs && (!onlyAccreditor || recordAccreditor == accreditor)) {
                uint40 validFrom = r.validFrom;
                r.validUntil = validFrom > nowTs ? validFrom : nowTs;
                withdrawn = true;
                emit AccreditationWithdrawn(subject, credentialType, jurisdiction, recordAccreditor, nowTs);
            }
            unchecked {
                ++i;
            }
        }
        if (!withdrawn) revert NoActiveAccreditation(subject, credentialType, jurisdiction);
    }
}
