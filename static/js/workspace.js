// Ticket page: drafts survive reloads and other actions, canned responses go into the
// draft where the cursor is, Ctrl+Enter sends, and the composer shows when it writes an
// internal note. Without JavaScript the page still works (the server does each of these).
(function () {
  var forms = document.querySelectorAll("form.composer-form");
  Array.prototype.forEach.call(forms, function (form) {
    var box = form.querySelector("textarea[name=body]");
    var key = form.getAttribute("data-draft-key");
    if (!box) return;
    var store = null;
    try { store = window.sessionStorage; } catch (e) { store = null; }
    if (store && key) {
      var saved = store.getItem(key);
      if (saved && !box.value) box.value = saved;
      box.addEventListener("input", function () {
        if (box.value) store.setItem(key, box.value); else store.removeItem(key);
      });
      form.addEventListener("submit", function (event) {
        var submitter = event.submitter;
        if (submitter && submitter.name === "insert_canned") return;
        store.removeItem(key);
      });
    }
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        var send = form.querySelector("button[type=submit]:not([name])");
        if (form.requestSubmit) form.requestSubmit(send || undefined); else form.submit();
      }
    });
    var insert = form.querySelector("#insert-canned");
    var select = form.querySelector("select[name=canned]");
    if (insert && select) {
      insert.addEventListener("click", function (event) {
        event.preventDefault();
        var option = select.options[select.selectedIndex];
        var text = option ? option.getAttribute("data-body") || "" : "";
        var start = box.selectionStart, end = box.selectionEnd;
        var before = box.value.slice(0, start), after = box.value.slice(end);
        if (before && !/\n\n$/.test(before)) before += before.slice(-1) === "\n" ? "\n" : "\n\n";
        box.value = before + text + after;
        var caret = (before + text).length;
        box.focus();
        box.setSelectionRange(caret, caret);
        box.dispatchEvent(new Event("input"));
      });
    }
    var radios = form.querySelectorAll("input[name=visibility]");
    Array.prototype.forEach.call(radios, function (radio) {
      radio.addEventListener("change", function () {
        form.classList.toggle("is-internal", radio.checked && radio.value === "internal");
      });
    });
  });
})();

// "More actions" (a <details> menu) closes with Escape and gives focus back to its summary.
(function () {
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("details.menu[open]");
    if (!open) return;
    open.removeAttribute("open");
    var summary = open.querySelector("summary");
    if (summary) summary.focus();
  });
})();
