// Small behaviours of the console that HTML alone lacks. Pages work
// without this file; it only saves clicks.
document.addEventListener("change", (e) => {
  const name = e.target.dataset && e.target.dataset.selectAll;
  if (!name) return;
  for (const box of document.querySelectorAll(`input[type=checkbox][name="${name}"]`)) {
    box.checked = e.target.checked;
  }
});
