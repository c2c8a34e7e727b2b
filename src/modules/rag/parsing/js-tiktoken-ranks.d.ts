// js-tiktoken publishes its rank files only through package "exports", which this repo's "node" module resolution
// does not read for types; the runtime require() resolves them fine.
declare module 'js-tiktoken/ranks/cl100k_base' {
  import type { TiktokenBPE } from 'js-tiktoken/lite';

  const ranks: TiktokenBPE;
  export default ranks;
}
