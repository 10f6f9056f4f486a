// Every parser matches its regular expression against the head of the line only, then takes
// the rest of the line as the message by position. With every pattern anchored at the start
// and the input bounded, parsing costs the same on a 50 MB line as on a short one: no
// catastrophic backtracking is possible, whatever the line contains.
export const HEAD_LENGTH = 512;

export function headOf(text: string): string {
  return text.length > HEAD_LENGTH ? text.slice(0, HEAD_LENGTH) : text;
}
