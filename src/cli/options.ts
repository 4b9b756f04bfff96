import { InvalidArgumentError } from 'commander';

/** Commander parser for a whole number >= min. */
export function integerOption(min = 0): (value: string) => number {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`expected a whole number${min === 0 ? ' (0 or more)' : min === 1 ? ' (1 or more)' : ` >= ${min}`}.`);
    }
    return n;
  };
}

/** Commander collector for a repeatable option whose values may also be comma lists (`--type A,B --type C`). */
export function collectList(value: string, previous: string[] | undefined): string[] {
  const items = value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return [...(previous ?? []), ...items];
}
