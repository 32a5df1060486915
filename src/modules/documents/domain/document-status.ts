/** Review state of a document; only `verified` satisfies a claim's document requirements. */
export enum DocumentStatus {
  Received = 'received',
  Verified = 'verified',
  Rejected = 'rejected',
}
