// Sharing: the share button copies the link at the current time and opens a panel with the
// link (start time optional) and the embed code (interactive transcript optional).
(function () {
  "use strict";
  var player = window.ReplayPlayer, button = document.querySelector(".share-button");
  if (!player || !button) { return; }
  var panel = document.getElementById("share-panel"), status = document.querySelector(".actions .status");
  var at = panel.querySelector(".share-at"), timeLabel = panel.querySelector(".share-time");
  var field = panel.querySelector(".share-url"), code = panel.querySelector(".embed-code");
  var withTranscript = panel.querySelector(".embed-transcript");
  var moment = 0;

  function param(t) { return String(Math.floor(t)); }
  function link() { return player.pageUrl + (at.checked && moment >= 1 ? "?t=" + param(moment) : ""); }
  function embed() {
    var query = [];
    if (withTranscript.checked) { query.push("transcript=1"); }
    if (at.checked && moment >= 1) { query.push("t=" + param(moment)); }
    var src = code.dataset.embed + (query.length ? "?" + query.join("&") : "");
    var width = withTranscript.checked ? 1000 : 640;
    return "<iframe src=\"" + src + "\" width=\"" + width + "\" height=\"360\" title=\"" +
      document.title.replace(/"/g, "&quot;") + "\" frameborder=\"0\" allow=\"autoplay; fullscreen; picture-in-picture\" allowfullscreen></iframe>";
  }
  function refresh() {
    timeLabel.textContent = player.clock(moment);
    field.value = link();
    code.value = embed();
  }
  function say(text) {
    status.textContent = text;
    setTimeout(function () { if (status.textContent === text) { status.textContent = ""; } }, 2500);
  }
  button.addEventListener("click", function () {
    moment = player.video.currentTime;
    at.checked = moment >= 1;
    refresh();
    var opening = panel.hidden;
    panel.hidden = !opening;
    button.setAttribute("aria-expanded", String(opening));
    if (opening) { player.copy(field.value).then(function () { say(button.dataset.done); }); }
  });
  [at, withTranscript].forEach(function (box) { box.addEventListener("change", refresh); });
  panel.querySelector(".copy-link").addEventListener("click", function (event) {
    var done = event.currentTarget.dataset.done;
    player.copy(field.value).then(function () { say(done); });
  });
  panel.querySelector(".copy-embed").addEventListener("click", function (event) {
    var done = event.currentTarget.dataset.done;
    player.copy(code.value).then(function () { say(done); });
  });
  field.addEventListener("focus", function () { field.select(); });
  code.addEventListener("focus", function () { code.select(); });
})();
