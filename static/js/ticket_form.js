// Show the emergency notice for P1/P2 and the window fields for Planned.
(function () {
  var form = document.getElementById("ticket-form");
  if (!form) return;
  var notice = document.getElementById("emergency-notice");
  var planned = document.getElementById("planned-window");
  var urgent = (notice.getAttribute("data-urgent") || "").split(",");
  function update() {
    var checked = form.querySelector('input[name="priority"]:checked');
    var value = checked ? checked.value : "";
    notice.hidden = urgent.indexOf(value) === -1;
    planned.hidden = value !== "planned";
  }
  form.addEventListener("change", update);
  update();
})();

// Switching the page's language reloads it: what was typed comes back (files cannot:
// a browser never lets a page set a file field, so the switch says so first).
(function () {
  var form = document.getElementById("ticket-form");
  var switcher = document.getElementById("language-switch");
  if (!form || !switcher || !window.sessionStorage) return;
  var key = "helpcenter:draft:" + window.location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved) {
    sessionStorage.removeItem(key);
    try {
      var values = JSON.parse(saved);
      Object.keys(values).forEach(function (name) {
        form.querySelectorAll('[name="' + name + '"]').forEach(function (field) {
          var value = values[name];
          if (field.type === "radio" || field.type === "checkbox") {
            field.checked = value.indexOf(field.value) !== -1;
          } else if (field.tagName === "SELECT" && field.multiple) {
            Array.prototype.forEach.call(field.options, function (o) { o.selected = value.indexOf(o.value) !== -1; });
          } else {
            field.value = value[0] || "";
          }
        });
      });
      form.dispatchEvent(new Event("change"));
    } catch (e) { /* a draft that cannot be read is dropped */ }
  }
  switcher.addEventListener("submit", function (event) {
    var files = form.querySelector('input[type="file"]');
    if (files && files.files && files.files.length && !window.confirm(switcher.getAttribute("data-files-warning") || "")) {
      event.preventDefault();
      return;
    }
    var values = {};
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken" || typeof value !== "string") return;
      (values[name] = values[name] || []).push(value);
    });
    sessionStorage.setItem(key, JSON.stringify(values));
  });
})();
