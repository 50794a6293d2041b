// Keyboard-first review: digits label, A/B/C accept ranked suggestions, S skips, E escalates, N/Enter claims the next item.
// Keys typed into inputs (the escalation note) are left alone.
const handled = new Set(["1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "s", "e", "n", "enter"]);

export function registerShortcuts(dotnet) {
  const onKeyDown = (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    const target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable)) return;
    const key = event.key.toLowerCase();
    if (!handled.has(key)) return;
    event.preventDefault();
    dotnet.invokeMethodAsync("OnShortcut", key);
  };
  document.addEventListener("keydown", onKeyDown);
  return { dispose: () => document.removeEventListener("keydown", onKeyDown) };
}
