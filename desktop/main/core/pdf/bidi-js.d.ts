// The part of bidi-js's API the report layout uses (the package ships no types): the Unicode
// Bidirectional Algorithm's embedding levels, the visual order of a line, and mirrored brackets.
declare module 'bidi-js' {
  export type EmbeddingLevels = Readonly<{ levels: Uint8Array; paragraphs: readonly Readonly<{ start: number; end: number; level: number }>[] }>;

  export interface Bidi {
    getEmbeddingLevels(text: string, explicitDirection?: 'ltr' | 'rtl'): EmbeddingLevels;
    /** Indices (UTF-16) of the whole string in visual order; only `start`..`end` (inclusive) is reordered. */
    getReorderedIndices(text: string, levels: EmbeddingLevels, start?: number, end?: number): number[];
    /** The mirror image of a bracket-like character, or null (getMirroredCharactersMap in 1.1.0 reads the wrong field). */
    getMirroredCharacter(char: string): string | null;
    getBidiCharTypeName(char: string): string;
  }

  function bidiFactory(): Bidi;
  // eslint-disable-next-line no-restricted-syntax -- describes bidi-js's export, not a module of ours
  export default bidiFactory;
}
