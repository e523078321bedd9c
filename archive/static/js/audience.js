// Viewing statistics without tracking people. Once per page view, when playback starts, the
// player reports a play; then, at most every 30 seconds and when the page is left, the whole
// seconds played through and which hundredths of the replay were reached or played again.
// No identifier, cookie of ours or position in time is sent: the archive adds the reports to
// per-day counts (README, "Viewing statistics").
(function () {
  "use strict";
  var box = document.getElementById("player"), video = document.getElementById("video");
  if (!box || !video || !box.dataset.views) { return; }
  var url = box.dataset.views, PARTS = 100, MAX_REPLAYED = 400, EVERY_MS = 30000;
  var started = false, seen = {}, current = -1, last = null, jumpFrom = null, carry = 0;
  var pending = { play: false, seconds: 0, reached: [], replayed: [] };

  function duration() { return isFinite(video.duration) && video.duration > 0 ? video.duration : parseFloat(box.dataset.duration) || 0; }
  function partAt(t) { return Math.max(0, Math.min(PARTS - 1, Math.floor(PARTS * t / duration()))); }

  // Every part between two positions of continuous playback was watched: the first time it
  // counts as reached, later (after a seek back, or the replay played again) as replayed.
  function watched(from, to) {
    if (!duration()) { return; }
    for (var part = partAt(from); part <= partAt(to); part++) {
      if (part === current) { continue; }
      current = part;
      if (!seen[part]) { seen[part] = true; pending.reached.push(part); }
      else if (pending.replayed.length < MAX_REPLAYED) { pending.replayed.push(part); }
    }
  }

  video.addEventListener("playing", function () {
    var first = !started;
    if (first) { started = true; pending.play = true; send(); }
    if (last === null && jumpFrom === null) {
      // A first play from the start: its first frames may sit a little after 0.
      last = first && video.currentTime <= 1 ? 0 : video.currentTime;
    }
  });
  video.addEventListener("timeupdate", function () {
    // Ticks before the first "playing" are the player getting ready, not the viewer watching.
    if (!started || video.paused || video.seeking) { return; }
    var t = video.currentTime;
    if (last === null && jumpFrom !== null) {
      // hls.js nudges the playhead over small gaps: that is not the viewer jumping.
      if (t >= jumpFrom && t - jumpFrom <= 1) { last = jumpFrom; } else { current = -1; }
      jumpFrom = null;
    }
    // A step longer than a few seconds is a jump, not something watched.
    if (last !== null && t >= last && t - last <= 3 * Math.max(1, video.playbackRate)) {
      carry += t - last;
      watched(last, t);
    }
    last = t;
  });
  video.addEventListener("seeking", function () { if (last !== null) { jumpFrom = last; } last = null; });
  video.addEventListener("ended", function () {
    // The last timeupdate comes a little before the end: the rest was watched too.
    var end = duration();
    if (last !== null && end - last >= 0 && end - last <= 1) { carry += end - last; watched(last, end); }
    last = null;
    current = -1;
    send();
  });
  video.addEventListener("pause", send);

  function send() {
    var whole = Math.floor(carry);
    carry -= whole;
    pending.seconds += whole;
    if (!pending.play && !pending.seconds && !pending.reached.length && !pending.replayed.length) { return; }
    var report = {};
    if (pending.play) { report.play = true; }
    if (pending.seconds) { report.seconds = Math.min(pending.seconds, 3600); }
    if (pending.reached.length) { report.reached = pending.reached; }
    if (pending.replayed.length) { report.replayed = pending.replayed; }
    pending = { play: false, seconds: 0, reached: [], replayed: [] };
    var body = JSON.stringify(report);
    // A string is sent as text/plain: a simple request, delivered even as the page goes away.
    if (!(navigator.sendBeacon && navigator.sendBeacon(url, body))) {
      fetch(url, { method: "POST", body: body, keepalive: true, credentials: "same-origin",
        headers: { "Content-Type": "text/plain;charset=UTF-8" } }).catch(function () {});
    }
  }
  window.setInterval(send, EVERY_MS);
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") { send(); } });
  window.addEventListener("pagehide", send);
})();
