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

// A queue's rows refresh when the server says something changed (server-
// sent events from /ui/queue/events), or every 30 seconds while that
// stream is down; never while the person has rows ticked for a bulk step
// (the refresh would untick them).
(() => {
  let live = false;
  let pushed = false;
  const rows = () => document.getElementById("rows");
  if (rows() && window.EventSource) {
    const stream = new EventSource("/ui/queue/events");
    stream.addEventListener("open", () => { live = true; });
    stream.addEventListener("error", () => { live = false; });
    stream.addEventListener("changed", (e) => {
      // The first word says where the database stands: nothing to do if
      // that is where these rows were read.
      const current = rows();
      if (current && current.dataset.mark === e.data) return;
      pushed = true;
      document.body.dispatchEvent(new Event("queue-changed"));
    });
  }
  document.addEventListener("htmx:beforeRequest", (e) => {
    const target = e.target;
    if (!target || target.id !== "rows") return;
    if (target.querySelector("input[type=checkbox]:checked")) { e.preventDefault(); return; }
    // With the stream up, the 30-second refresh is only a fallback.
    if (live && !pushed) { e.preventDefault(); return; }
    pushed = false;
  });
})();

// Keyboard shortcuts, listed on the help dialog ("?"). None fires while
// the person types in a field, or with Ctrl, Alt or Meta held.
(() => {
  const help = () => document.getElementById("shortcuts");
  const open = () => { const d = help(); if (d && !d.open) d.showModal(); };
  document.addEventListener("click", (e) => {
    if (e.target && e.target.id === "shortcuts-open") open();
  });
  const rowLinks = () => Array.from(document.querySelectorAll("#rows td a"));
  const moveRow = (step) => {
    const links = rowLinks();
    if (!links.length) return;
    const at = links.indexOf(document.activeElement);
    const next = at < 0 ? 0 : Math.min(links.length - 1, Math.max(0, at + step));
    links[next].focus();
  };
  const click = (css) => { const el = document.querySelector(css); if (el) el.click(); };
  let pending = "";
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    const t = e.target;
    if (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName))) return;
    if (help() && help().open) return;
    const key = e.key;
    if (pending === "g") {
      pending = "";
      if (key === "q") { window.location.assign("/ui/queue"); }
      else if (key === "m") { click("header nav a[href='/ui/queue?group=&owner=me']"); }
      return;
    }
    switch (key) {
      case "?": open(); break;
      case "/": {
        // The page's own box (a queue's filter) first, else the header's search.
        const box = document.querySelector("main input[type=search], main input[name=number]")
          || document.getElementById("header-q");
        if (!box) return;
        box.focus();
        break;
      }
      case "g": pending = "g"; return;
      case "j": moveRow(1); break;
      case "k": moveRow(-1); break;
      case "x": {
        const row = document.activeElement && document.activeElement.closest("tr");
        const box = row && row.querySelector("input[type=checkbox]");
        if (!box) return;
        box.click();
        break;
      }
      case "t": click("#take"); break;
      case "n": {
        const note = document.querySelector("#note-form textarea");
        if (!note) return;
        note.focus();
        break;
      }
      case "e": {
        const facts = document.getElementById("facts-edit");
        if (!facts) return;
        facts.open = true;
        const first = facts.querySelector("select, input, textarea");
        if (first) first.focus();
        break;
      }
      default: return;
    }
    e.preventDefault();
  });
})();

// A canned response chosen in its list goes into the note box at once
// (without this file, the list's "Insert" button reloads the page with it).
document.addEventListener("change", (e) => {
  const target = e.target.dataset && e.target.dataset.fills;
  if (!target) return;
  const option = e.target.selectedOptions[0];
  const box = document.getElementById(target);
  if (!box || !option || !option.dataset.text) return;
  box.value = box.value.trim() ? `${box.value.trimEnd()}\n\n${option.dataset.text}` : option.dataset.text;
  box.focus();
});
