/**
 * Which on-chain `TrustRegistry` accreditations the provenance checks require of supply-chain parties.
 *
 * The TrustRegistry accredits an issuer for a credential type in a jurisdiction, so each party is asked about the
 * credential type it issues in the chain:
 *
 * | party                   | step                     | type key (`keccak256(utf8(name))`) | jurisdiction                                    | at                 |
 * | ----------------------- | ------------------------ | ---------------------------------- | ----------------------------------------------- | ------------------ |
 * | manufacturer            | issuing the batch        | `DrugBatchCredential`              | its `SupplierAccreditationCredential` (role `manufacturer`) | batch issuance |
 * | every sender (incl. the manufacturer) | each hand-off | `CustodyTransferCredential`   | its `SupplierAccreditationCredential`           | `transferDate`     |
 *
 * A regulator therefore accredits a manufacturer for both types and a distributor, wholesaler or pharmacy for
 * `CustodyTransferCredential` (the demo seed, `scripts/demo-organisations.ts`, does exactly this), and issues each of
 * them a `SupplierAccreditationCredential` whose `jurisdiction` is the one accredited. Receivers that never send
 * (the final clinic) need no accreditation.
 * @see ../../../docs/contracts-design.md (TrustRegistry)
 */

/** Type key a sender must be accredited for at each hand-off. */
export const TRANSFER_ACCREDITATION_TYPE = 'CustodyTransferCredential';

/** Type key the manufacturer must be accredited for when it issues the batch credential. */
export const BATCH_ACCREDITATION_TYPE = 'DrugBatchCredential';

/** Role the manufacturer's `SupplierAccreditationCredential` must name. */
export const MANUFACTURER_ROLE = 'manufacturer';
