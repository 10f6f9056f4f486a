// Small inline icons of the Rejected imports area (SVG elements: allowed by the CSP).
const common = { viewBox: '0 0 24 24', 'aria-hidden': true, focusable: false } as const;

export function DownloadIcon() {
  return (
    <svg {...common} className="icon icon-small">
      <path fill="currentColor" d="M11 3h2v9.2l3.6-3.6L18 10l-6 6-6-6 1.4-1.4 3.6 3.6V3ZM4 18h16v2H4v-2Z" />
    </svg>
  );
}

export function TrashIcon() {
  return (
    <svg {...common} className="icon icon-small">
      <path fill="currentColor" d="M9 3h6l1 1h4v2H4V4h4l1-1Zm-3 5h12l-1 13H7L6 8Zm4 2v9h1.5v-9H10Zm3.5 0v9H15v-9h-1.5Z" />
    </svg>
  );
}

export function WrenchIcon() {
  return (
    <svg {...common} className="icon icon-small">
      <path fill="currentColor" d="M21.7 18.6 13 9.9a5.5 5.5 0 0 0-7-7L9.3 6.2 6.2 9.3 2.9 6a5.5 5.5 0 0 0 7 7l8.7 8.7 3.1-3.1Z" />
    </svg>
  );
}

export function UndoIcon() {
  return (
    <svg {...common} className="icon icon-small">
      <path fill="currentColor" d="M12.5 8A8.5 8.5 0 0 0 4.6 13.3L2 10.7V18h7.3l-2.8-2.8A6.5 6.5 0 0 1 18.6 15l2-.7A8.5 8.5 0 0 0 12.5 8Z" />
    </svg>
  );
}

export function RedoIcon() {
  return (
    <svg {...common} className="icon icon-small">
      <path fill="currentColor" d="M11.5 8a8.5 8.5 0 0 1 7.9 5.3L22 10.7V18h-7.3l2.8-2.8A6.5 6.5 0 0 0 5.4 15l-2-.7A8.5 8.5 0 0 1 11.5 8Z" />
    </svg>
  );
}

export function CheckIcon() {
  return (
    <svg {...common} className="icon icon-small">
      <path fill="currentColor" d="m9 16.2-4.2-4.2-1.4 1.4L9 19 21 7l-1.4-1.4L9 16.2Z" />
    </svg>
  );
}

export function UploadIcon() {
  return (
    <svg {...common} className="icon icon-small">
      <path fill="currentColor" d="M11 20h2v-9.2l3.6 3.6L18 13l-6-6-6 6 1.4 1.4 3.6-3.6V20ZM4 3h16v2H4V3Z" />
    </svg>
  );
}

export function ListIcon() {
  return (
    <svg {...common} className="icon icon-small">
      <path fill="currentColor" d="M3 5h2v2H3V5Zm4 0h14v2H7V5Zm-4 6h2v2H3v-2Zm4 0h14v2H7v-2Zm-4 6h2v2H3v-2Zm4 0h14v2H7v-2Z" />
    </svg>
  );
}

export function BackIcon() {
  return (
    <svg {...common} className="icon icon-small">
      <path fill="currentColor" d="M20 11H7.8l5.6-5.6L12 4l-8 8 8 8 1.4-1.4L7.8 13H20v-2Z" />
    </svg>
  );
}
