// Phone intake: the planned-window fields only for Planned (the server's live parts,
// the caller's services and people and the due times, come through htmx).
(function () {
  var form = document.getElementById("phone-form");
  var planned = document.getElementById("planned-window");
  if (!form || !planned) return;
  var priority = form.querySelector('[name="priority"]');
  function update() { planned.hidden = !priority || priority.value !== "planned"; }
  form.addEventListener("change", update);
  update();
})();
