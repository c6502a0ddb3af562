import { errorLiterals } from '../sheets/error-literals';
import type { CellData, ExtendedValue } from '../sheets/sheets-api-types';
import { isUncomputed } from './uncomputed-formula';
import { encodeXml } from './xml-scanner';

/** Characters XML 1.0 cannot hold, which OOXML writes as `_xHHHH_`. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are what it finds.
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function text(value: string): string {
  const escaped = encodeXml(value).replace(
    NOT_XML,
    (char) => `_x${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
  );
  const preserve = /^\s|\s$|\n|\t/.test(value) ? ' xml:space="preserve"' : '';
  return `<t${preserve}>${escaped}</t>`;
}

/** A formula's saved result: the `t` attribute and the `<v>` element. */
function result(value: ExtendedValue | undefined): [string, string] {
  if (value?.numberValue !== undefined) return ['', `<v>${value.numberValue}</v>`];
  if (value?.stringValue !== undefined)
    return [' t="str"', `<v>${encodeXml(value.stringValue)}</v>`];
  if (value?.boolValue !== undefined) return [' t="b"', `<v>${value.boolValue ? 1 : 0}</v>`];
  if (value?.errorValue) return [' t="e"', `<v>${errorLiterals.literal(value.errorValue)}</v>`];
  return ['', ''];
}

/**
 * The `<c>` element of a cell at `ref` showing `cell` with style `style`; '' for a cell with
 * neither a value nor a style. Text is written inline (the shared strings part, which the
 * input tabs' cells point into, is never rewritten). A formula is saved with its result, or
 * without one when the stand-in does not know it, so spreadsheet apps calculate it on opening.
 */
export function writeXlsxCell(ref: string, cell: CellData | undefined, style: number): string {
  const start = `<c r="${ref}"${style ? ` s="${style}"` : ''}`;
  const entered = cell?.userEnteredValue;
  if (!entered) return style ? `${start}/>` : '';
  if (entered.formulaValue !== undefined) {
    const effective = cell?.effectiveValue;
    const [type, value] = result(isUncomputed(effective) ? undefined : effective);
    return `${start}${type}><f>${encodeXml(entered.formulaValue.slice(1))}</f>${value}</c>`;
  }
  if (entered.stringValue !== undefined)
    return `${start} t="inlineStr"><is>${text(entered.stringValue)}</is></c>`;
  const [type, value] = result(entered);
  return `${start}${type}>${value}</c>`;
}
