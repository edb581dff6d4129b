import { forwardRef, useEffect, useState, type KeyboardEvent } from 'react';
import type { ProductSummary } from '@keel/shared';
import { call } from '../../api/keel-client';
import { friendlyError } from '../../api/error-text';
import { Empty, Loading } from '../../components/States';
import { money } from '../../format/display';

type Results = { query: string; items: ProductSummary[] } | { query: string; error: string } | null;

/**
 * Product search by name, SKU or barcode (the local replica answers, so it works offline).
 * Arrow keys move the highlight, Enter adds it; a typed code that is all digits is tried as a
 * barcode first, so manual entry of an unreadable barcode works too.
 */
export const SearchPanel = forwardRef<
  HTMLInputElement,
  { query: string; currency: string; onQuery: (q: string) => void; onPick: (p: ProductSummary) => void; onBarcode: (code: string) => Promise<boolean> }
>(function SearchPanel({ query, currency, onQuery, onPick, onBarcode }, ref) {
  const [results, setResults] = useState<Results>(null);
  const [active, setActive] = useState(0);
  const trimmed = query.trim();

  useEffect(() => {
    if (trimmed === '') {
      setResults(null);
      return undefined;
    }
    let stale = false;
    const timer = setTimeout(() => {
      void call('catalog.search', { query: trimmed.slice(0, 100), limit: 20 }).then((r) => {
        if (stale) return;
        setActive(0);
        setResults(r.ok ? { query: trimmed, items: r.value } : { query: trimmed, error: friendlyError(r.error) });
      });
    }, 120);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [trimmed]);

  const items = results && 'items' in results ? results.items : [];
  const pick = (p: ProductSummary) => {
    onPick(p);
    onQuery('');
  };

  const onKeyDown = async (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((i) => Math.min(items.length - 1, i + 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(0, i - 1));
    } else if (event.key === 'Escape') {
      onQuery('');
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (/^\d{4,}$/.test(trimmed)) {
        if (await onBarcode(trimmed)) onQuery('');
        return;
      }
      const chosen = items[active];
      if (chosen && results?.query === trimmed) pick(chosen);
    }
  };

  const waiting = trimmed !== '' && results?.query !== trimmed;
  return (
    <section className="search-panel" aria-label="Product search">
      <label className="search-box">
        <span className="visually-hidden">Search products</span>
        <span className="search-icon" aria-hidden="true">
          ⌕
        </span>
        <input
          ref={ref}
          type="search"
          placeholder="Search name, SKU or barcode  (F2)"
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(e) => onQuery(e.target.value)}
          onKeyDown={(e) => void onKeyDown(e)}
          data-testid="search"
        />
      </label>
      <div className="search-results">
        {trimmed === '' ? (
          <Empty title="Find a product">
            <p>Scan it, or type part of its name, its SKU or its barcode. Enter adds the highlighted product.</p>
          </Empty>
        ) : waiting ? (
          <Loading text="Searching…" />
        ) : results && 'error' in results ? (
          <p className="inline-error" role="alert">
            {results.error}
          </p>
        ) : items.length === 0 ? (
          <Empty title={`No product matches “${trimmed}”`}>
            <p>Check the spelling, or try the SKU or barcode.</p>
          </Empty>
        ) : (
          <ul className="result-list" role="listbox" aria-label="Search results">
            {items.map((p, i) => (
              <li key={p.id} role="option" aria-selected={i === active}>
                <button type="button" className={`result${i === active ? ' is-active' : ''}`} onClick={() => pick(p)} data-testid="search-result">
                  <span className="result-name">{p.name}</span>
                  <span className="result-meta">
                    {p.sku}
                    {p.soldByWeight ? ' · per kg' : ''}
                  </span>
                  <span className="result-price">{money(p.priceMinor, currency)}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
});

