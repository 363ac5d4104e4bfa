// The sync parser of csv-parse as the import calls it. The package's typings reference an old
// @types/node whose Buffer clashes with Deno's, which breaks type checking of unrelated modules.
export interface Options {
  delimiter?: string;
  relax_column_count?: boolean;
  skip_empty_lines?: boolean;
  trim?: boolean;
  bom?: boolean;
}
export function parse(input: string, options?: Options): string[][];
