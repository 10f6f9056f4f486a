// Keeps the last error a form got back, with the values it was about, so that messages are
// translated at render time (a language switch re-translates them) and a field's message
// goes away as soon as the user edits that field.
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientError } from '../api';
import { errorMessage, fieldMessages, type FieldMessages } from './errors';

interface State {
  error: ClientError | null;
  values: Record<string, unknown>;
  edited: readonly string[];
  /** Problems found before sending (e.g. a confirmation that does not match): field -> i18n key. */
  local: Partial<Record<string, string>>;
}

const EMPTY: State = { error: null, values: {}, edited: [], local: {} };

export function useServerErrors() {
  const { t } = useTranslation();
  const [state, setState] = useState<State>(EMPTY);

  const fail = useCallback((error: ClientError, values: Record<string, unknown>) => setState({ error, values, edited: [], local: {} }), []);
  const failLocally = useCallback((local: Partial<Record<string, string>>) => setState({ ...EMPTY, local }), []);
  const clear = useCallback(() => setState(EMPTY), []);
  const edited = useCallback(
    (name: string) =>
      setState((s) => {
        if (s.local[name]) {
          const { [name]: _gone, ...local } = s.local;
          return { ...s, local };
        }
        return s.error && !s.edited.includes(name) ? { ...s, edited: [...s.edited, name] } : s;
      }),
    [],
  );

  const fields = useMemo<FieldMessages>(() => {
    const messages = fieldMessages(t, state.error, state.values);
    for (const name of state.edited) delete messages[name];
    for (const [name, key] of Object.entries(state.local)) if (key) messages[name] = (t as (k: string) => string)(key);
    return messages;
  }, [t, state]);

  const formMessage = state.error ? errorMessage(t, state.error) : null;
  return { error: state.error, formMessage, fields, fail, failLocally, clear, edited };
}
