// Small inline icons of the accounts screens (SVG elements: allowed by the CSP).
const common = { viewBox: '0 0 24 24', 'aria-hidden': true, focusable: false } as const;

export function MoreIcon() {
  return (
    <svg {...common} className="icon">
      <circle cx="12" cy="5" r="2" fill="currentColor" />
      <circle cx="12" cy="12" r="2" fill="currentColor" />
      <circle cx="12" cy="19" r="2" fill="currentColor" />
    </svg>
  );
}

export function LockIcon() {
  return (
    <svg {...common} className="icon icon-inline">
      <path fill="currentColor" d="M17 9V7A5 5 0 0 0 7 7v2a2 2 0 0 0-2 2v9a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-9a2 2 0 0 0-2-2ZM9 7a3 3 0 0 1 6 0v2H9V7Zm4 9.7V18h-2v-1.3a2 2 0 1 1 2 0Z" />
    </svg>
  );
}

export function PlusIcon() {
  return (
    <svg {...common} className="icon icon-small">
      <path fill="currentColor" d="M11 5h2v6h6v2h-6v6h-2v-6H5v-2h6V5Z" />
    </svg>
  );
}

export function BackIcon() {
  return (
    <svg {...common} className="icon icon-small">
      <path fill="currentColor" d="M15.4 7.4 14 6l-6 6 6 6 1.4-1.4L10.8 12l4.6-4.6Z" />
    </svg>
  );
}

/** The sort state of a column: both arrows dim when unsorted, one lit when sorted. */
export function SortIcon({ direction }: { direction: 'asc' | 'desc' | null }) {
  return (
    <svg {...common} className={`icon icon-sort${direction ? ` icon-sort-${direction}` : ''}`}>
      <path className="sort-up" fill="currentColor" d="M12 5 7 10h10l-5-5Z" />
      <path className="sort-down" fill="currentColor" d="m12 19 5-5H7l5 5Z" />
    </svg>
  );
}

export function ColumnsIcon() {
  return (
    <svg {...common} className="icon icon-small">
      <path fill="currentColor" d="M3 4h18v16H3V4Zm2 2v12h4V6H5Zm6 0v12h2V6h-2Zm4 0v12h4V6h-4Z" />
    </svg>
  );
}
