// French has a third plural form, "many", for round millions (Intl.PluralRules('fr') says 'many'
// for 1,000,000): i18next then looks for `key_many` and shows the raw key when only `_one` and
// `_other` exist. The catalogs write the two forms; the third is `_other` again, added here.
type Catalog = { [key: string]: string | Catalog };

export function withManyForms<C extends Catalog>(catalog: C): C {
  const out: Catalog = {};
  for (const [key, value] of Object.entries(catalog)) {
    out[key] = typeof value === 'string' ? value : withManyForms(value);
    if (typeof value === 'string' && key.endsWith('_other')) {
      const many = `${key.slice(0, -'_other'.length)}_many`;
      if (!(many in catalog)) out[many] = value;
    }
  }
  return out as C;
}
