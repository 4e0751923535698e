/**
 * Natural version order for migration file names: digit runs compare as numbers, other runs
 * compare case-insensitively, so `V2__x.sql` sorts before `V10__x.sql`, `2_x.sql` before
 * `10_x.sql`, `1.7.9.0.sql` before `1.7.10.0.sql`, and a shorter version first (`V1__a` before
 * `V1.1__b`, `1.7.1.sql` before `1.7.1.1.sql`), as Flyway orders versions.
 */

const RUN = /(\d+)|(\D+)/g;

function runs(name: string): string[] {
  return name.match(RUN) ?? [];
}

function compareDigits(a: string, b: string): number {
  const left = a.replace(/^0+(?=\d)/, '');
  const right = b.replace(/^0+(?=\d)/, '');
  if (left.length !== right.length) return left.length - right.length;
  if (left !== right) return left < right ? -1 : 1;
  // Equal numbers: fewer leading zeros first, so the order is total and stable.
  return a.length - b.length;
}

/**
 * True when run `i` is a one-character version separator (`.`, `_` or `-`) followed by digits:
 * the version goes on (`1.1`, Flyway's `V1_1__`), so it sorts after a version that ends there.
 */
function continuesVersion(list: string[], i: number): boolean {
  const run = list[i]!;
  const next = list[i + 1];
  return run.length === 1 && '._-'.includes(run) && next !== undefined && next.charCodeAt(0) >= 48 && next.charCodeAt(0) <= 57;
}

/**
 * Compares two file names (or paths) in natural version order.
 *
 * @returns a negative number when `a` sorts first, positive when `b` does, 0 when equal.
 */
export function compareNatural(a: string, b: string): number {
  const left = runs(a);
  const right = runs(b);
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const x = left[i]!;
    const y = right[i]!;
    const xDigit = x.charCodeAt(0) >= 48 && x.charCodeAt(0) <= 57;
    const yDigit = y.charCodeAt(0) >= 48 && y.charCodeAt(0) <= 57;
    let order: number;
    if (xDigit && yDigit) order = compareDigits(x, y);
    else if (continuesVersion(left, i) !== continuesVersion(right, i) && x !== y) order = continuesVersion(left, i) ? 1 : -1;
    else {
      const lx = x.toLowerCase();
      const ly = y.toLowerCase();
      order = lx === ly ? 0 : lx < ly ? -1 : 1;
    }
    if (order !== 0) return order;
  }
  if (left.length !== right.length) return left.length - right.length;
  return a === b ? 0 : a < b ? -1 : 1;
}
