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
