// Small behaviours of the console that HTML alone lacks. Pages work
// without this file; it only saves clicks.
document.addEventListener("change", (e) => {
  const name = e.target.dataset && e.target.dataset.selectAll;
  if (!name) return;
  for (const box of document.querySelectorAll(`input[type=checkbox][name="${name}"]`)) {
    box.checked = e.target.checked;
  }
});

// A destructive button asks first (`data-confirm` holds the question, in
// the page's language); without this file the form simply submits.
document.addEventListener("submit", (e) => {
  const button = e.submitter;
  const question = button && button.dataset && button.dataset.confirm;
  if (question && !window.confirm(question)) e.preventDefault();
});

// A queue's rows refresh every 30 seconds; not while the person has rows
// ticked for a bulk step (the refresh would untick them).
document.addEventListener("htmx:beforeRequest", (e) => {
  const rows = e.target;
  if (rows && rows.id === "rows" && rows.querySelector("input[type=checkbox]:checked")) {
    e.preventDefault();
  }
});
