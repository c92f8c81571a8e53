/**
 * Code-unit order of strings. Used wherever output order must not depend on the machine: `localeCompare`
 * and `Intl.Collator` follow the runtime's locale and ICU version, which would make documents differ
 * between a laptop and Lambda.
 */
export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Objects with a `key`, in code-unit order of their keys. */
export const byKey = (a: { key: string }, b: { key: string }): number => compareStrings(a.key, b.key);
