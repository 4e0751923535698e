import { describe, expect, it } from 'vitest';
import { compareNatural } from '../../src/source/natural-order.js';

const sorted = (names: string[]) => [...names].sort(compareNatural);

describe('compareNatural', () => {
  it('orders Flyway versions numerically', () => {
    expect(sorted(['V10__c.sql', 'V2__b.sql', 'V1__a.sql', 'V1.1__x.sql'])).toEqual(['V1__a.sql', 'V1.1__x.sql', 'V2__b.sql', 'V10__c.sql']);
  });

  it('orders numbered files and dotted release names', () => {
    expect(sorted(['10_x.sql', '2_x.sql', '1_x.sql'])).toEqual(['1_x.sql', '2_x.sql', '10_x.sql']);
    expect(sorted(['1.7.10.0.sql', '1.7.9.0.sql', '1.7.1.1.sql', '8.0.0.sql'])).toEqual(['1.7.1.1.sql', '1.7.9.0.sql', '1.7.10.0.sql', '8.0.0.sql']);
  });

  it('compares numbers longer than a double holds', () => {
    expect(compareNatural('20210410175418000001_a.sql', '20210410175418000002_a.sql')).toBeLessThan(0);
    expect(compareNatural('99999999999999999999_a', '100000000000000000000_a')).toBeLessThan(0);
  });

  it('ignores case in text runs and keeps a total order', () => {
    expect(compareNatural('v1__A.sql', 'V1__a.sql')).not.toBe(0);
    expect(compareNatural('V1__a.sql', 'v2__a.sql')).toBeLessThan(0);
    expect(compareNatural('007_x', '7_x')).toBeGreaterThan(0);
    expect(compareNatural('same', 'same')).toBe(0);
  });
});

describe('compareNatural with versions of different lengths', () => {
  it('puts a version before its continuations', () => {
    expect(sorted(['1.7.1.1.sql', '1.7.1.sql', '1.7.2.sql'])).toEqual(['1.7.1.sql', '1.7.1.1.sql', '1.7.2.sql']);
    expect(sorted(['V1_1__b.sql', 'V1__a.sql', 'V2__c.sql'])).toEqual(['V1__a.sql', 'V1_1__b.sql', 'V2__c.sql']);
  });
});
