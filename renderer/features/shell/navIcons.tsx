// Icons of the main menu entries added by the account-management pages (inline SVG, allowed by the CSP).
const common = { viewBox: '0 0 24 24', 'aria-hidden': true, focusable: false } as const;

export function SitesIcon() {
  return (
    <svg {...common} className="icon">
      <path fill="currentColor" d="M12 2a7 7 0 0 0-7 7c0 5.25 7 13 7 13s7-7.75 7-13a7 7 0 0 0-7-7Zm0 9.5a2.5 2.5 0 1 1 0-5 2.5 2.5 0 0 1 0 5Z" />
    </svg>
  );
}

export function SignInsIcon() {
  return (
    <svg {...common} className="icon">
      <path
        fill="currentColor"
        d="M11 7 9.6 8.4l2.6 2.6H2v2h10.2l-2.6 2.6L11 17l5-5-5-5Zm9 12h-8v2h8a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2h-8v2h8v14Z"
      />
    </svg>
  );
}

export function LogsIcon() {
  return (
    <svg {...common} className="icon">
      <path
        fill="currentColor"
        d="M4 3h16a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2Zm0 4v12h16V7H4Zm2 2h2v2H6V9Zm4 0h8v2h-8V9Zm-4 4h2v2H6v-2Zm4 0h6v2h-6v-2Z"
      />
    </svg>
  );
}

/** A sheet with a cross: the files the platform refused. */
export function RejectedIcon() {
  return (
    <svg {...common} className="icon">
      <path
        fill="currentColor"
        d="M6 2h8l6 6v5.1a6.5 6.5 0 0 0-2-.1V9h-5V4H6v16h6.3c.3.7.7 1.4 1.2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2Zm12 12.5a4.5 4.5 0 1 1 0 9 4.5 4.5 0 0 1 0-9Zm-1.6 1.8-.9.9 1.6 1.6-1.6 1.6.9.9 1.6-1.6 1.6 1.6.9-.9-1.6-1.6 1.6-1.6-.9-.9-1.6 1.6-1.6-1.6Z"
      />
    </svg>
  );
}
