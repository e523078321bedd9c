// Storyboard previews: hovering the seek bar shows the frame at that time, its chapter and
// time. The thumbnails are a WebVTT track whose cues point into a sprite with #xywh=x,y,w,h;
// it is fetched on the first hover only, so it never weighs on the page's first load.
(function () {
  "use strict";
  var player = window.ReplayPlayer;
  if (!player) { return; }
  var box = player.box, seek = box.querySelector(".seek"), seekbar = box.querySelector(".seekbar");
  var preview = box.querySelector(".preview"), picture = preview.querySelector(".preview-image");
  var timeLabel = preview.querySelector(".preview-time"), chapterLabel = preview.querySelector(".preview-chapter");
  var url = box.dataset.storyboard, tiles = [], requested = false, last = null;
  var TIMING = /^\s*(\S+)\s+-->\s+(\S+)/, TARGET = /^([^#\s]+)#xywh=(\d+),(\d+),(\d+),(\d+)\s*$/;

  function seconds(text) {
    return text.split(":").reduce(function (total, part) { return total * 60 + parseFloat(part); }, 0);
  }
  function parse(text) {
    var lines = text.split(/\r?\n/);
    for (var i = 0; i < lines.length - 1; i++) {
      var timing = TIMING.exec(lines[i]), target = timing && TARGET.exec(lines[i + 1].trim());
      if (target) {
        tiles.push({
          start: seconds(timing[1]), src: new URL(target[1], new URL(url, document.baseURI)).href,
          x: +target[2], y: +target[3], w: +target[4], h: +target[5]
        });
      }
    }
  }
  function load() {
    if (requested || !url) { return; }
    requested = true;
    fetch(url).then(function (r) { return r.ok ? r.text() : ""; }).then(function (text) {
      parse(text);
      // The pointer may be resting on the bar while the track loads: show its frame now.
      if (last && !preview.hidden) { show(last.t, last.x); }
    }).catch(function () {});
  }
  function tileAt(t) {
    var found = null;
    for (var i = 0; i < tiles.length && tiles[i].start <= t; i++) { found = tiles[i]; }
    return found;
  }
  function show(t, x) {
    var tile = tileAt(t), chapter = player.chapterAt(t);
    last = { t: t, x: x };
    picture.hidden = !tile;
    if (tile) {
      picture.style.backgroundImage = "url(\"" + tile.src + "\")";
      picture.style.backgroundPosition = (-tile.x) + "px " + (-tile.y) + "px";
      picture.style.width = tile.w + "px";
      picture.style.height = tile.h + "px";
    }
    timeLabel.textContent = player.clock(t);
    chapterLabel.textContent = chapter ? chapter.title : "";
    preview.hidden = false;
    var half = preview.offsetWidth / 2, width = seek.clientWidth;
    preview.style.left = Math.max(0, Math.min(width - 2 * half, x - half)) + "px";
  }
  function fromPointer(event) {
    var rect = seekbar.getBoundingClientRect(), d = player.duration();
    var x = Math.max(0, Math.min(rect.width, event.clientX - rect.left));
    if (d) { show(d * x / rect.width, x); }
  }
  seek.addEventListener("pointerenter", load);
  seek.addEventListener("pointermove", fromPointer);
  seek.addEventListener("pointerleave", function () { preview.hidden = true; });
  // Keyboard users scrubbing with the arrows see the frame they land on, briefly.
  var hideLater = null;
  seekbar.addEventListener("keydown", load);
  seekbar.addEventListener("input", function () {
    var d = player.duration();
    if (!d || seek.matches(":hover")) { return; }
    show(parseFloat(seekbar.value), seekbar.clientWidth * parseFloat(seekbar.value) / d);
    clearTimeout(hideLater);
    hideLater = setTimeout(function () { preview.hidden = true; }, 1200);
  });
})();
