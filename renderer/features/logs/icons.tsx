// Small inline icons of the Logs area (SVG elements: allowed by the CSP).
const common = { viewBox: '0 0 24 24', 'aria-hidden': true, focusable: false } as const;

export function PauseIcon() {
  return (
    <svg {...common} className="icon icon-small">
      <path fill="currentColor" d="M7 5h3.5v14H7V5Zm6.5 0H17v14h-3.5V5Z" />
    </svg>
  );
}

export function PlayIcon() {
  return (
    <svg {...common} className="icon icon-small">
      <path fill="currentColor" d="M8 5v14l11-7L8 5Z" />
    </svg>
  );
}

/** An arrow down to a bar: "go to, and stay at, the newest". */
export function FollowIcon() {
  return (
    <svg {...common} className="icon icon-small">
      <path fill="currentColor" d="M11 4h2v10.2l3.6-3.6L18 12l-6 6-6-6 1.4-1.4 3.6 3.6V4ZM5 20h14v2H5v-2Z" />
    </svg>
  );
}

export function CloseIcon() {
  return (
    <svg {...common} className="icon icon-small">
      <path fill="currentColor" d="M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12 19 6.4Z" />
    </svg>
  );
}

export function SearchIcon() {
  return (
    <svg {...common} className="icon icon-small">
      <path fill="currentColor" d="M10 3a7 7 0 0 1 5.6 11.2l5.1 5.1-1.4 1.4-5.1-5.1A7 7 0 1 1 10 3Zm0 2a5 5 0 1 0 0 10 5 5 0 0 0 0-10Z" />
    </svg>
  );
}

export function FileIcon() {
  return (
    <svg {...common} className="icon icon-small">
      <path fill="currentColor" d="M6 2h8l6 6v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2Zm7 1.5V9h5.5L13 3.5Z" />
    </svg>
  );
}

export function ImportErrorIcon() {
  return (
    <svg {...common} className="icon icon-inline">
      <path fill="currentColor" d="M6 2h8l6 6v5.3a6 6 0 0 0-8.7 8.7H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2Zm7 1.5V9h5.5L13 3.5ZM17 14a4 4 0 1 1 0 8 4 4 0 0 1 0-8Zm-.7 1.6v2.8h1.4v-2.8h-1.4Zm0 3.6v1.3h1.4v-1.3h-1.4Z" />
    </svg>
  );
}

export function AlertIcon() {
  return (
    <svg {...common} className="icon icon-small">
      <path fill="currentColor" d="M1 21h22L12 2 1 21Zm12-3h-2v-2h2v2Zm0-4h-2v-4h2v4Z" />
    </svg>
  );
}

export function FolderIcon() {
  return (
    <svg {...common} className="icon icon-small">
      <path fill="currentColor" d="M10 4H4a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V8a2 2 0 0 0-2-2h-8l-2-2Z" />
    </svg>
  );
}
