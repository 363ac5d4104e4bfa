// The little of exceljs that the import reads. Its own typings reference an old @types/node whose
// Buffer clashes with Deno's, which breaks type checking of unrelated modules (lib/auth).
export type CellValue =
  | null
  | undefined
  | string
  | number
  | boolean
  | Date
  | { richText: { text: string }[] }
  | { text: string }
  | { result: unknown }
  | Record<string, unknown>;

export interface Row {
  values: CellValue[] | Record<string, CellValue>;
}

export interface Worksheet {
  eachRow(opts: { includeEmpty: boolean }, fn: (row: Row, rowNumber: number) => void): void;
  addRow(values: unknown[]): Row;
}

export class Workbook {
  worksheets: Worksheet[];
  xlsx: { load(data: Uint8Array): Promise<Workbook>; writeBuffer(): Promise<ArrayBuffer> };
  addWorksheet(name: string): Worksheet;
}

declare const ExcelJS: { Workbook: typeof Workbook };
export default ExcelJS;
