// Agent ticket page: warn when someone else changed the ticket meanwhile.
(function () {
  var script = document.currentScript;
  var banner = document.getElementById("stale-banner");
  if (!script || !banner) return;
  var url = script.getAttribute("data-url");
  var version = script.getAttribute("data-version");
  function check() {
    fetch(url + "?version=" + encodeURIComponent(version), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || !data.changed) return;
        banner.textContent = script.getAttribute("data-message") + " " + data.what + (data.by ? " (" + data.by + ")" : "") + ". ";
        var link = document.createElement("a");
        link.href = window.location.pathname;
        link.textContent = script.getAttribute("data-reload");
        banner.appendChild(link);
        banner.hidden = false;
      })
      .catch(function () {});
  }
  setInterval(check, 15000);
})();
