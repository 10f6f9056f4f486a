import { describe, expect, it } from 'vitest';
import { withManyForms } from '../../renderer/i18n/plurals';

describe('withManyForms', () => {
  it('gives every French plural its "many" form (1,000,000), at every depth, without replacing one written', () => {
    expect(new Intl.PluralRules('fr').select(1_000_000)).toBe('many');
    const catalog = { count_one: '{{n}} ligne', count_other: '{{n}} lignes', nested: { rows_one: 'a', rows_other: 'b', rows_many: 'c' }, plain: 'x' };
    expect(withManyForms(catalog)).toEqual({
      count_one: '{{n}} ligne',
      count_other: '{{n}} lignes',
      count_many: '{{n}} lignes',
      nested: { rows_one: 'a', rows_other: 'b', rows_many: 'c' },
      plain: 'x',
    });
  });
});
