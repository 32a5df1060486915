/** Lawyers see `shared` notes only. */
export enum NoteVisibility {
  Internal = 'internal',
  Shared = 'shared',
}
