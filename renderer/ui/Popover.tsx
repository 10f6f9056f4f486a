// A button that opens a small panel under it (the gear menu, the profile menu).
// Keyboard: Enter, Space or ArrowDown open it and move focus inside; ArrowUp/ArrowDown,
// Home and End move between items; Escape closes it and gives focus back to the button;
// tabbing out or clicking elsewhere closes it.
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

interface PopoverProps {
  /** `menu` for a list of actions; `dialog` for a panel that also holds a form control. */
  kind: 'menu' | 'dialog';
  label: string;
  buttonClassName?: string;
  buttonContent: ReactNode;
  buttonTestId: string;
  panelTestId: string;
  panelClassName?: string;
  /**
   * Place the panel in the viewport (position: fixed) under the button, or above it when there
   * is no room below: for buttons inside scrolling boxes (table rows), which would clip it.
   * Scrolling or resizing closes it.
   */
  fixed?: boolean;
  children: (close: (focusButton?: boolean) => void) => ReactNode;
}

const ITEM_SELECTOR = '[role="menuitem"], a[href], button:not([disabled]), select:not([disabled]), input:not([disabled])';

export function Popover({ kind, label, buttonClassName, buttonContent, buttonTestId, panelTestId, panelClassName, fixed = false, children }: PopoverProps) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const focusOnOpen = useRef<'first' | 'last' | null>(null);

  const close = useCallback((focusButton = false) => {
    setOpen(false);
    if (focusButton) buttonRef.current?.focus();
  }, []);

  const items = () => Array.from(panelRef.current?.querySelectorAll<HTMLElement>(ITEM_SELECTOR) ?? []);

  useEffect(() => {
    if (!open) return;
    const target = focusOnOpen.current;
    focusOnOpen.current = null;
    if (target) {
      const list = items();
      (target === 'last' ? list[list.length - 1] : list[0])?.focus();
    }
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) close();
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open, close]);

  useLayoutEffect(() => {
    const panel = panelRef.current;
    const button = buttonRef.current;
    if (!open || !fixed || !panel || !button) return;
    const place = () => {
      const anchor = button.getBoundingClientRect();
      const gap = 6;
      const below = anchor.bottom + gap;
      const top = below + panel.offsetHeight > window.innerHeight - 8 && anchor.top - gap - panel.offsetHeight > 8 ? anchor.top - gap - panel.offsetHeight : below;
      panel.style.position = 'fixed';
      panel.style.top = `${Math.round(top)}px`;
      panel.style.left = `${Math.round(Math.max(8, anchor.right - panel.offsetWidth))}px`;
      panel.style.right = 'auto';
    };
    place();
    const onMove = (event: Event) => {
      // Scrolling inside the panel itself is fine.
      if (event.type === 'scroll' && panel.contains(event.target as Node)) return;
      close();
    };
    window.addEventListener('scroll', onMove, true);
    window.addEventListener('resize', onMove);
    return () => {
      window.removeEventListener('scroll', onMove, true);
      window.removeEventListener('resize', onMove);
    };
  }, [open, fixed, close]);

  const openWith = (focus: 'first' | 'last' | null) => {
    focusOnOpen.current = focus;
    setOpen(true);
  };

  const onButtonKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      openWith(event.key === 'ArrowUp' ? 'last' : 'first');
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      close(true);
    }
  };

  const onPanelKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close(true);
      return;
    }
    // Arrow keys belong to a focused <select> or text input.
    const tag = (event.target as HTMLElement).tagName;
    if (tag === 'SELECT' || tag === 'INPUT') return;
    const list = items();
    const index = list.indexOf(document.activeElement as HTMLElement);
    let next: HTMLElement | undefined;
    if (event.key === 'ArrowDown') next = list[(index + 1) % list.length];
    else if (event.key === 'ArrowUp') next = list[(index - 1 + list.length) % list.length];
    else if (event.key === 'Home') next = list[0];
    else if (event.key === 'End') next = list[list.length - 1];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  };

  return (
    <div
      className="popover"
      ref={rootRef}
      onBlur={(event) => {
        // Focus moved outside the button and its panel (Tab past the last item).
        if (open && event.relatedTarget && !rootRef.current?.contains(event.relatedTarget as Node)) close();
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className={buttonClassName}
        aria-label={label}
        title={label}
        aria-haspopup={kind === 'menu' ? 'menu' : 'dialog'}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        data-testid={buttonTestId}
        onClick={(event) => {
          // A click from the keyboard (Enter/Space) moves focus inside, a mouse click does not.
          if (open) close();
          else openWith(event.detail === 0 ? 'first' : null);
        }}
        onKeyDown={onButtonKeyDown}
      >
        {buttonContent}
      </button>
      {open && (
        <div
          ref={panelRef}
          id={panelId}
          role={kind}
          aria-label={label}
          className={`popover-panel${panelClassName ? ` ${panelClassName}` : ''}`}
          data-testid={panelTestId}
          onKeyDown={onPanelKeyDown}
        >
          {children(close)}
        </div>
      )}
    </div>
  );
}
