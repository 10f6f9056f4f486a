// A fresh name for a long task, so its 'task.progress' events can be told from others'.
export function newTaskId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Contexts without randomUUID still have getRandomValues.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
