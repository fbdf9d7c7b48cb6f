/** How many names a note lists before "and N more", unless it says otherwise. */
export const NOTE_NAMES = 10;

/** `a, b, c and 7 more`: the first `max` names, then how many were left out. */
export function nameList(names: readonly string[], max: number = NOTE_NAMES): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
