/** "2 commands ran; their effects are not undone." (beside Undo, and in its dialog). */
export function commandsNote(n: number): string {
  return `${n} command${n === 1 ? '' : 's'} ran; ${n === 1 ? 'its effects are' : 'their effects are'} not undone.`;
}
