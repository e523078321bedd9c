// The editor's video: plays the replay (HLS through hls.js, else the MP4) and ties time fields to it.
// Focusing a time field shows that moment; "now" writes the playhead into a field; the line
// being said is highlighted while the video plays.
(function () {
  "use strict";
  var video = document.getElementById("editor-video");
  if (!video) { return; }
  var clock = document.getElementById("video-now");

  function pad(value, width) { return String(value).padStart(width, "0"); }

  // Same format as archive.editor.times.format_time: 1:05.500 or 1:02:05.000.
  function format(seconds) {
    var millis = Math.round(seconds * 1000);
    var hours = Math.floor(millis / 3600000), minutes = Math.floor(millis / 60000) % 60;
    var rest = millis % 60000, whole = Math.floor(rest / 1000), fraction = pad(rest % 1000, 3);
    return hours ? hours + ":" + pad(minutes, 2) + ":" + pad(whole, 2) + "." + fraction
                 : minutes + ":" + pad(whole, 2) + "." + fraction;
  }

  // Reads what archive.editor.times.parse_time reads; NaN otherwise.
  function parse(text) {
    var match = /^(?:(\d+):)?(?:(\d+):)?(\d+(?:[.,]\d+)?)$/.exec(String(text).trim());
    if (!match) { return NaN; }
    var hours = match[2] !== undefined ? Number(match[1]) : 0;
    var minutes = match[2] !== undefined ? Number(match[2]) : Number(match[1] || 0);
    return hours * 3600 + minutes * 60 + Number(match[3].replace(",", "."));
  }

  // HLS first: each segment is its own short-lived URL, so a long editing session keeps
  // playing even where media are presigned redirects that expire after a minute.
  function load() {
    var mp4 = video.dataset.mp4, hls = video.dataset.hls;
    if (hls && window.Hls && window.Hls.isSupported()) {
      var player = new window.Hls();
      player.loadSource(hls);
      player.attachMedia(video);
    } else if (hls && video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = hls;
    } else if (mp4) {
      video.src = mp4;
    }
  }

  function field(name) {
    return document.getElementById(name) || document.querySelector('[name="' + CSS.escape(name) + '"]');
  }

  var rows = Array.prototype.slice.call(document.querySelectorAll(".cue-row"));
  var current = null;
  function highlight() {
    var now = video.currentTime, found = null;
    for (var i = 0; i < rows.length && !found; i++) {
      var times = rows[i].querySelectorAll("input.time");
      if (times.length === 2 && parse(times[0].value) <= now && now < parse(times[1].value)) { found = rows[i]; }
    }
    if (found === current) { return; }
    if (current) { current.classList.remove("current"); }
    if (found) { found.classList.add("current"); }
    current = found;
  }

  video.addEventListener("timeupdate", function () {
    if (clock) { clock.value = format(video.currentTime); }
    highlight();
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-now-into]");
    if (button) {
      var target = field(button.dataset.nowInto);
      if (target) { target.value = format(video.currentTime); target.dataset.typed = ""; }
      return;
    }
    var submit = event.target.closest("[data-now-then-submit]");
    if (submit) {
      var input = field(submit.dataset.nowThenSubmit);
      // A time typed by hand wins over the playhead.
      if (input && !input.dataset.typed) { input.value = format(video.currentTime); }
    }
  });

  document.addEventListener("input", function (event) {
    if (event.target.matches("[data-seekable]")) { event.target.dataset.typed = "1"; }
  });

  document.addEventListener("focusin", function (event) {
    if (!event.target.matches("[data-seekable]")) { return; }
    var seconds = parse(event.target.value);
    if (!isNaN(seconds) && video.readyState > 0) { video.currentTime = seconds; }
  });

  load();
})();
