/**
 * The other slices' functions this one calls, in one place (issue 9 contract): identity (kyc)
 * and tax. Kept to re-exports so the contract's signatures are what the code is checked against.
 */
export { computeTax, recordWithholding, type TaxComputation } from "@/server/payouts/tax/compute";
export { identityForStaff, payeeOf, type Payee } from "@/server/payouts/kyc/payee";
