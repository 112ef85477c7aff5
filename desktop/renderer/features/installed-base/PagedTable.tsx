// A virtualised ARIA grid over a paged list: only visible rows are in the DOM, and only the pages
// of the rows in view are fetched, so End or a drag of the scroll bar to row 99,999 loads just
// the pages there. Arrow keys, Page Up/Down, Home and End move the selection; the grid keeps
// focus and the selected row is its active descendant.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { listKeyResult } from '../cases/list-keyboard.js';
import type { PagedList } from './use-installed-base.js';
import './paged-table.css';

/** `width` in px; a column that `grow`s takes a share of the spare room too. */
export type PagedColumn<T> = Readonly<{ key: string; label: string; width: number; grow?: boolean; cell: (row: T) => ReactNode; title?: (row: T) => string | undefined }>;

export type PagedTableProps<T> = Readonly<{
  label: string;
  columns: readonly PagedColumn<T>[];
  list: Pick<PagedList<T>, 'total' | 'rowAt' | 'onRangeChange'>;
  /** Changes when the list is another one (new filters): back to the top, nothing selected. */
  resetKey: string;
  rowHeight?: number;
  height?: number | string;
  /** Enter on the selected row. */
  onOpen?: (row: T) => void;
}>;

export function PagedTable<T>({ label, columns, list, resetKey, rowHeight = 36, height, onOpen }: PagedTableProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const idPrefix = useId();
  const [selected, setSelected] = useState(-1);
  const [shownKey, setShownKey] = useState(resetKey);
  const { total, rowAt, onRangeChange } = list;
  const template = columns.map((c) => (c.grow ? `minmax(${c.width}px, 1fr)` : `${c.width}px`)).join(' ');
  const minWidth = columns.reduce((n, c) => n + c.width, 0);

  if (shownKey !== resetKey) {
    setShownKey(resetKey);
    setSelected(-1);
  }
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [resetKey]);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    scrollMargin: rowHeight,
    scrollPaddingStart: rowHeight,
  });
  const items = virtualizer.getVirtualItems();
  const firstVisible = items[0]?.index ?? 0;
  const lastVisible = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    onRangeChange(firstVisible, lastVisible);
  }, [firstVisible, lastVisible, onRangeChange]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const pageSize = Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 1;
    const result = listKeyResult(event.key, selected, total, pageSize);
    if (!result) return;
    event.preventDefault();
    if (result.kind === 'select') {
      setSelected(result.index);
      virtualizer.scrollToIndex(result.index, { align: 'auto' });
    } else {
      const row = rowAt(result.index);
      if (row !== undefined && onOpen) onOpen(row);
    }
  };

  const rowId = (index: number) => `${idPrefix}-row-${index}`;

  return (
    <div
      className="paged-table"
      role="grid"
      aria-label={label}
      aria-rowcount={total + 1}
      aria-colcount={columns.length}
      aria-activedescendant={selected >= 0 && selected < total ? rowId(selected) : undefined}
      aria-readonly
      tabIndex={0}
      onKeyDown={onKeyDown}
      style={height === undefined ? undefined : { height }}
    >
      <div ref={scrollRef} className="paged-table-scroll" role="presentation">
        <div role="rowgroup" style={{ position: 'sticky', top: 0, zIndex: 1 }}>
          <div role="row" aria-rowindex={1} className="paged-row paged-row-header" style={{ gridTemplateColumns: template, minWidth, height: rowHeight }}>
            {columns.map((c) => (
              <div key={c.key} role="columnheader">
                {c.label}
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth }}>
          {items.map((item) => {
            const row = rowAt(item.index);
            const style = { gridTemplateColumns: template, minWidth, height: rowHeight, transform: `translateY(${item.start - rowHeight}px)` };
            return (
              <div
                key={item.index}
                id={rowId(item.index)}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={item.index === selected}
                aria-busy={row === undefined || undefined}
                className="paged-row paged-row-body"
                style={style}
                onClick={() => setSelected(item.index)}
              >
                {row === undefined ? (
                  <div role="gridcell" className="paged-row-loading" style={{ gridColumn: '1 / -1' }}>
                    Loading…
                  </div>
                ) : (
                  columns.map((c) => (
                    <div key={c.key} role="gridcell" title={c.title?.(row)}>
                      {c.cell(row)}
                    </div>
                  ))
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
