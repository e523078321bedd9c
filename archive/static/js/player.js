// Replay player: hls.js where Media Source Extensions exist, native HLS (Safari) otherwise,
// the progressive MP4 as a last resort. The page's <video> keeps its native controls until
// this script replaces them with ours (quality, speed, captions, markers, previews).
// Honours ?t= / ?start= and stops at ?end=. Other scripts use window.ReplayPlayer.
(function () {
  "use strict";
  var box = document.getElementById("player");
  var video = document.getElementById("video");
  if (!box || !video) { return; }
  var data = box.dataset;
  var $ = function (selector) { return box.querySelector(selector); };
  var seekbar = $(".seekbar"), markersBox = $(".markers"), playButton = $(".play");
  var muteButton = $(".mute"), volume = $(".volume"), now = $(".now"), total = $(".total");
  var speed = $(".speed"), quality = $(".quality"), captions = $(".captions");
  var fullscreenButton = $(".fullscreen"), chapterNow = $(".chapter-now");
  var hls = null, dragging = false, markers = {};
  var start = number(data.start), end = number(data.end);
  var chapters = Array.prototype.map.call(document.querySelectorAll("#chapters li"), function (li) {
    return { time: number(li.dataset.start), title: li.querySelector(".title").textContent, item: li };
  });

  function number(text) { var value = parseFloat(text); return isFinite(value) ? value : NaN; }
  function clock(seconds) {
    var s = Math.max(0, Math.floor(seconds || 0)), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    var rest = (s % 60 < 10 ? "0" : "") + (s % 60);
    return h ? h + ":" + (m < 10 ? "0" : "") + m + ":" + rest : m + ":" + rest;
  }
  function duration() { return isFinite(video.duration) && video.duration > 0 ? video.duration : number(data.duration) || 0; }
  function chapterAt(t) {
    var found = null;
    chapters.forEach(function (chapter) { if (chapter.time <= t) { found = chapter; } });
    return found;
  }

  // Sources -----------------------------------------------------------------------------
  function attach() {
    var Hls = window.Hls;
    if (data.hls && Hls && Hls.isSupported()) {
      hls = new Hls({ capLevelToPlayerSize: true, startPosition: start > 0 ? start : -1 });
      hls.on(Hls.Events.MANIFEST_PARSED, buildQualities);
      hls.on(Hls.Events.LEVEL_SWITCHED, showQuality);
      hls.on(Hls.Events.ERROR, function (event, error) {
        if (!error.fatal) { return; }
        if (error.type === Hls.ErrorTypes.MEDIA_ERROR) { hls.recoverMediaError(); }
        else if (error.type === Hls.ErrorTypes.NETWORK_ERROR) { hls.startLoad(); }
        else if (data.mp4) { hls.destroy(); hls = null; video.src = data.mp4; }
      });
      hls.loadSource(data.hls);
      hls.attachMedia(video);
      window.replayHls = hls;
    } else if (data.hls && video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = data.hls;
    } else if (data.mp4) {
      video.src = data.mp4;
    }
  }

  function buildQualities() {
    var order = hls.levels.map(function (level, index) { return { level: level, index: index }; })
      .sort(function (a, b) { return (b.level.height || 0) - (a.level.height || 0); });
    order.forEach(function (entry) {
      var option = document.createElement("option");
      option.value = String(entry.index);
      option.textContent = entry.level.height ? entry.level.height + "p" : Math.round(entry.level.bitrate / 1000) + " kb/s";
      quality.appendChild(option);
    });
    $(".quality-choice").hidden = hls.levels.length < 2;
  }
  function showQuality() {
    var auto = quality.options[0], level = hls && hls.levels[hls.currentLevel];
    auto.textContent = data.labelAuto + (hls && hls.autoLevelEnabled && level && level.height ? " (" + level.height + "p)" : "");
  }
  quality.addEventListener("change", function () {
    if (hls) { hls.currentLevel = parseInt(quality.value, 10); showQuality(); }
  });

  // Moments: start, end (a quote), seeking --------------------------------------------
  function seek(t, play) {
    video.currentTime = Math.max(0, Math.min(t, duration() || t));
    if (play) { video.play().catch(function () {}); }
  }
  function playRange(from, to) {
    end = to;
    var badge = $(".quote-badge");
    if (badge) { badge.hidden = false; }
    seek(from, true);
  }
  function watchEnd() {
    if (isNaN(end) || video.paused) { return; }
    if (video.currentTime >= end - 0.02) {
      video.pause();
      video.currentTime = end;
      end = NaN;
      var badge = $(".quote-badge");
      if (badge) { badge.hidden = true; }
      return;
    }
    window.requestAnimationFrame(watchEnd);
  }
  video.addEventListener("playing", watchEnd);
  video.addEventListener("loadedmetadata", function () {
    if (start > 0 && Math.abs(video.currentTime - start) > 0.5) { video.currentTime = start; }
    if (start > 0 || !isNaN(end)) { video.play().catch(function () {}); }
    total.textContent = clock(duration());
    seekbar.max = String(duration());
    redrawMarkers();
  }, { once: true });
  if (!isNaN(end) && $(".quote-badge")) { $(".quote-badge").hidden = false; }

  // Controls ----------------------------------------------------------------------------
  function toggle() { if (video.paused || video.ended) { video.play().catch(function () {}); } else { video.pause(); } }
  function showPlaying() {
    box.classList.toggle("playing", !video.paused);
    playButton.setAttribute("aria-label", video.paused ? data.labelPlay : data.labelPause);
  }
  function showTime() {
    var t = video.currentTime, d = duration();
    now.textContent = clock(t);
    if (!dragging) { seekbar.value = String(t); }
    seekbar.setAttribute("aria-valuetext", clock(t) + " " + data.labelOf + " " + clock(d));
    box.style.setProperty("--played", d ? (100 * t / d) + "%" : "0%");
    var chapter = chapterAt(t);
    chapterNow.textContent = chapter ? chapter.title : "";
    chapters.forEach(function (c) { c.item.classList.toggle("current", c === chapter); });
  }
  function showBuffered() {
    var d = duration(), ranges = video.buffered;
    if (d && ranges.length) { box.style.setProperty("--buffered", (100 * ranges.end(ranges.length - 1) / d) + "%"); }
  }
  function showVolume() {
    box.classList.toggle("muted", video.muted || video.volume === 0);
    muteButton.setAttribute("aria-label", video.muted ? data.labelUnmute : data.labelMute);
    volume.value = String(video.muted ? 0 : video.volume);
  }
  playButton.addEventListener("click", toggle);
  video.addEventListener("click", toggle);
  video.addEventListener("dblclick", toggleFullscreen);
  ["play", "pause", "ended"].forEach(function (name) { video.addEventListener(name, showPlaying); });
  video.addEventListener("timeupdate", showTime);
  video.addEventListener("seeked", showTime);
  video.addEventListener("progress", showBuffered);
  video.addEventListener("volumechange", showVolume);
  video.addEventListener("durationchange", function () { seekbar.max = String(duration()); total.textContent = clock(duration()); redrawMarkers(); });
  seekbar.addEventListener("input", function () { dragging = true; video.currentTime = parseFloat(seekbar.value); showTime(); });
  seekbar.addEventListener("change", function () { dragging = false; });
  muteButton.addEventListener("click", function () { video.muted = !video.muted; if (!video.muted && video.volume === 0) { video.volume = 0.5; } });
  volume.addEventListener("input", function () { video.volume = parseFloat(volume.value); video.muted = video.volume === 0; });
  speed.addEventListener("change", function () { video.playbackRate = parseFloat(speed.value); });
  video.addEventListener("ratechange", function () { speed.value = String(video.playbackRate); });

  // Captions: one choice per text track, remembered between visits.
  function captionTracks() {
    return Array.prototype.filter.call(video.textTracks, function (t) { return t.kind === "captions" || t.kind === "subtitles"; });
  }
  function chooseCaptions(value) {
    var chosen = null;
    captionTracks().forEach(function (track, index) {
      track.mode = String(index) === value ? "showing" : "hidden";
      if (String(index) === value) { chosen = track; }
    });
    captions.value = value;
    try { window.localStorage.setItem("captions", value === "off" ? "off" : "on"); } catch (e) { /* private mode */ }
    // The interactive transcript follows the captions' language (transcript.js listens).
    if (chosen) { document.dispatchEvent(new CustomEvent("replay:track", { detail: { language: chosen.language } })); }
  }
  function buildCaptions() {
    var tracks = captionTracks();
    tracks.forEach(function (track, index) {
      var option = document.createElement("option");
      option.value = String(index);
      option.textContent = track.label || track.language;
      captions.appendChild(option);
    });
    $(".captions-choice").hidden = !tracks.length;
    var saved = null;
    try { saved = window.localStorage.getItem("captions"); } catch (e) { /* private mode */ }
    if (tracks.length) { chooseCaptions(saved === "off" ? "off" : "0"); }
  }
  captions.addEventListener("change", function () { chooseCaptions(captions.value); });
  function toggleCaptions() {
    if (captionTracks().length) { chooseCaptions(captions.value === "off" ? "0" : "off"); }
  }

  // Full screen: the whole player, so our controls stay.
  function toggleFullscreen() {
    if (document.fullscreenElement) { document.exitFullscreen(); }
    else if (box.requestFullscreen) { box.requestFullscreen().catch(function () {}); }
    else if (video.webkitEnterFullscreen) { video.webkitEnterFullscreen(); }
  }
  var enterLabel = fullscreenButton.getAttribute("aria-label");
  fullscreenButton.addEventListener("click", toggleFullscreen);
  document.addEventListener("fullscreenchange", function () {
    var on = document.fullscreenElement === box;
    box.classList.toggle("fullscreen", on);
    fullscreenButton.setAttribute("aria-label", on ? fullscreenButton.dataset.labelExit : enterLabel);
  });

  // Markers on the seek bar: chapters, and whatever other scripts add (transcript matches).
  function setMarkers(kind, items) { markers[kind] = items; redrawMarkers(); }
  function redrawMarkers() {
    var d = duration();
    markersBox.textContent = "";
    if (!d) { return; }
    Object.keys(markers).forEach(function (kind) {
      markers[kind].forEach(function (item) {
        var mark = document.createElement("span");
        mark.className = "marker " + kind;
        mark.style.left = Math.min(100, 100 * item.time / d) + "%";
        markersBox.appendChild(mark);
      });
    });
  }
  setMarkers("chapter", chapters.filter(function (c) { return c.time > 0; }));
  chapters.forEach(function (chapter) {
    chapter.item.querySelector("a").addEventListener("click", function (event) {
      event.preventDefault();
      seek(chapter.time, true);
    });
  });

  // Keyboard shortcuts, as on the big video sites; never while typing.
  var keys = {
    "k": toggle, " ": toggle, "m": function () { video.muted = !video.muted; },
    "f": toggleFullscreen, "c": toggleCaptions,
    "j": function () { seek(video.currentTime - 10); }, "l": function () { seek(video.currentTime + 10); },
    "ArrowLeft": function () { seek(video.currentTime - 5); }, "ArrowRight": function () { seek(video.currentTime + 5); },
    "ArrowUp": function () { video.muted = false; video.volume = Math.min(1, video.volume + 0.1); },
    "ArrowDown": function () { video.volume = Math.max(0, video.volume - 0.1); },
    "<": function () { stepSpeed(-1); }, ">": function () { stepSpeed(1); }
  };
  function stepSpeed(direction) {
    var index = Math.max(0, Math.min(speed.options.length - 1, speed.selectedIndex + direction));
    video.playbackRate = parseFloat(speed.options[index].value);
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target, tag = target.tagName;
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(tag) || target.isContentEditable) { return; }
    if (event.key === " " && /^(BUTTON|A|SUMMARY)$/.test(tag)) { return; }
    var arrows = event.key.indexOf("Arrow") === 0;
    if (arrows && !(box.contains(target) || target === document.body || target === video)) { return; }
    var action = keys[event.key];
    if (/^[0-9]$/.test(event.key)) { action = function () { seek(duration() * parseInt(event.key, 10) / 10); }; }
    if (action) { event.preventDefault(); action(); }
  });

  // Copying links, shared with the transcript and share scripts.
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return copyByHand(text); });
    }
    return Promise.resolve(copyByHand(text));
  }
  function copyByHand(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
  }

  window.ReplayPlayer = {
    video: video, box: box, pageUrl: data.page, clock: clock, duration: duration, seek: seek,
    playRange: playRange, setMarkers: setMarkers, chapterAt: chapterAt, copy: copy
  };
  video.controls = false;
  $(".controls").hidden = false;
  box.classList.add("enhanced");
  buildCaptions();
  showVolume();
  attach();
})();
