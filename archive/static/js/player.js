// Replay player: hls.js where Media Source Extensions exist, native HLS (Safari) otherwise,
// the progressive MP4 as a last resort. Honours ?t= / ?start= and stops at ?end=.
(function () {
  "use strict";
  var box = document.getElementById("player");
  var video = document.getElementById("video");
  if (!box || !video) { return; }
  var hlsUrl = box.dataset.hls, mp4Url = box.dataset.mp4;
  var start = parseFloat(box.dataset.start), end = parseFloat(box.dataset.end);

  function attach() {
    if (hlsUrl && window.Hls && window.Hls.isSupported()) {
      var hls = new window.Hls({ capLevelToPlayerSize: true });
      hls.loadSource(hlsUrl);
      hls.attachMedia(video);
      window.replayHls = hls;
    } else if (hlsUrl && video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = hlsUrl;
    } else if (mp4Url) {
      video.src = mp4Url;
    }
  }

  video.addEventListener("loadedmetadata", function () {
    if (!isNaN(start) && start > 0) { video.currentTime = start; }
  }, { once: true });
  video.addEventListener("timeupdate", function () {
    if (!isNaN(end) && video.currentTime >= end) { video.pause(); end = NaN; }
    follow();
  });

  var lines = Array.prototype.slice.call(document.querySelectorAll("#transcript li"));
  var current = null;
  function follow() {
    var t = video.currentTime, found = null;
    for (var i = 0; i < lines.length; i++) {
      if (parseFloat(lines[i].dataset.start) <= t) { found = lines[i]; } else { break; }
    }
    if (found !== current) {
      if (current) { current.classList.remove("current"); current.removeAttribute("aria-current"); }
      if (found) { found.classList.add("current"); found.setAttribute("aria-current", "true"); }
      current = found;
    }
  }
  lines.forEach(function (line) {
    var link = line.querySelector("a.time");
    if (!link) { return; }
    link.addEventListener("click", function (event) {
      event.preventDefault();
      video.currentTime = parseFloat(line.dataset.start);
      video.play();
    });
  });
  attach();
})();
