// Interactive transcript: the line being said follows playback, a click on a line plays from
// it, a search box marks matches in the text and on the seek bar, and selecting a passage
// offers a link that plays exactly that quote (?start=&end=).
(function () {
  "use strict";
  var player = window.ReplayPlayer, list = document.getElementById("transcript");
  if (!player || !list) { return; }
  var panel = document.getElementById("transcript-panel"), video = player.video;
  var lines, starts, texts;
  var follow = panel.querySelector(".follow input"), current = -1, userScrolledAt = 0;
  var USER_SCROLL_PAUSE_MS = 4000;
  var tracks = Array.prototype.slice.call(panel.querySelectorAll(".track"));
  var languageChoice = panel.querySelector(".transcript-language");
  function useList(ol) {
    list = ol;
    lines = Array.prototype.slice.call(list.children);
    starts = lines.map(function (li) { return parseFloat(li.dataset.start); });
    texts = lines.map(function (li) { return li.querySelector(".text").textContent; });
    current = -1;
    folded = null;
  }
  // One track shown at a time: the language chosen here or in the captions menu.
  function showTrack(language) {
    var track = tracks.filter(function (t) { return t.dataset.language === language; })[0];
    if (!track || track.querySelector("ol") === list) { return; }
    tracks.forEach(function (t) { t.hidden = t !== track; });
    if (languageChoice) { languageChoice.value = language; }
    if (input.value) { input.value = ""; search(); }
    useList(track.querySelector("ol"));
    markQuery();
    update();
  }

  // Following playback ------------------------------------------------------------------
  function indexAt(t) {
    var low = 0, high = starts.length - 1, found = -1;
    while (low <= high) {
      var middle = (low + high) >> 1;
      if (starts[middle] <= t + 0.05) { found = middle; low = middle + 1; } else { high = middle - 1; }
    }
    return found;
  }
  function reveal(line, smooth) {
    var top = line.offsetTop - list.clientHeight / 3;
    list.scrollTo({ top: Math.max(0, top), behavior: smooth ? "smooth" : "auto" });
  }
  function update() {
    var index = indexAt(video.currentTime);
    if (index === current) { return; }
    if (current >= 0) { lines[current].classList.remove("current"); lines[current].removeAttribute("aria-current"); }
    current = index;
    if (index < 0) { return; }
    lines[index].classList.add("current");
    lines[index].setAttribute("aria-current", "true");
    if (follow.checked && Date.now() - userScrolledAt > USER_SCROLL_PAUSE_MS) { reveal(lines[index], true); }
  }
  video.addEventListener("timeupdate", update);
  video.addEventListener("seeked", update);
  ["wheel", "touchmove", "keydown"].forEach(function (name) {
    panel.addEventListener(name, function () { userScrolledAt = Date.now(); }, { passive: true });
  });

  // A click on a line plays from it (unless the visitor is selecting text to quote).
  panel.addEventListener("click", function (event) {
    var line = event.target.closest("li");
    if (!line || line.parentElement !== list) { return; }
    var selection = window.getSelection();
    if (selection && !selection.isCollapsed && list.contains(selection.anchorNode)) { return; }
    event.preventDefault();
    userScrolledAt = 0;
    player.seek(parseFloat(line.dataset.start), true);
  });

  // Searching within the transcript -------------------------------------------------------
  var form = panel.querySelector(".transcript-search"), input = form.querySelector("input");
  var count = form.querySelector(".hits"), prev = form.querySelector(".prev"), next = form.querySelector(".next");
  var hits = [], at = -1, timer = null, folded = null;
  useList(list);
  if (languageChoice) { languageChoice.addEventListener("change", function () { showTrack(languageChoice.value); }); }
  document.addEventListener("replay:track", function (event) { showTrack(event.detail.language); });

  function fold(text) {
    var folded = "", map = [];
    for (var i = 0; i < text.length; i++) {
      var plain = text[i].normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
      for (var j = 0; j < plain.length; j++) { folded += plain[j]; map.push(i); }
    }
    map.push(text.length);
    return { text: folded, map: map };
  }
  // Marks the ranges of one line (none: plain text again); returns the <mark> elements.
  function paint(index, ranges) {
    var span = lines[index].querySelector(".text"), text = texts[index], last = 0, marks = [];
    span.textContent = "";
    ranges.forEach(function (range) {
      span.appendChild(document.createTextNode(text.slice(last, range[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(range[0], range[1]);
      span.appendChild(mark);
      marks.push(mark);
      last = range[1];
    });
    span.appendChild(document.createTextNode(text.slice(last)));
    return marks;
  }
  function search() {
    var query = fold(input.value.trim()).text;
    hits = [];
    at = -1;
    var matched = [];
    folded = folded || texts.map(fold);
    lines.forEach(function (line, index) {
      var text = folded[index], ranges = [], from = 0, found;
      while (query && (found = text.text.indexOf(query, from)) !== -1) {
        ranges.push([text.map[found], text.map[found + query.length - 1] + 1]);
        from = found + query.length;
      }
      if (ranges.length || line.querySelector("mark")) {
        paint(index, ranges).forEach(function (mark) { hits.push({ mark: mark, line: line }); });
      }
      if (ranges.length) { matched.push({ time: starts[index] }); }
    });
    player.setMarkers("match", matched);
    prev.disabled = next.disabled = !hits.length;
    count.textContent = !query ? "" : hits.length ? "" : count.dataset.none;
    if (hits.length) { go(0); }
    if (!query) { markQuery(); }
  }
  function go(index) {
    if (at >= 0 && hits[at]) { hits[at].mark.classList.remove("current-match"); }
    at = (index + hits.length) % hits.length;
    hits[at].mark.classList.add("current-match");
    count.textContent = count.dataset.some.replace("{current}", at + 1).replace("{total}", hits.length);
    userScrolledAt = Date.now();
    reveal(hits[at].line, false);
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 150); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); if (hits.length) { go(at + (event.shiftKey ? -1 : 1)); } }
    if (event.key === "Escape") { input.value = ""; search(); }
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  prev.addEventListener("click", function () { go(at - 1); });
  next.addEventListener("click", function () { go(at + 1); });
  document.addEventListener("keydown", function (event) {
    var tag = event.target.tagName;
    if (event.key === "/" && !/^(INPUT|TEXTAREA|SELECT)$/.test(tag) && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      input.focus();
    }
  });

  // The search that opened the page ------------------------------------------------------
  // The server marked the cues holding the query's words with search's own analysis
  // (data-marks="start-end ..."); next and previous play from one match to the other.
  var queryBar = panel.querySelector(".query-matches"), queryHits = [], queryAt = -1;
  var queryCount = queryBar && queryBar.querySelector(".query-count");
  function markQuery() {
    queryHits = [];
    queryAt = -1;
    if (!queryBar) { return; }
    lines.forEach(function (line, index) {
      if (!line.dataset.marks) { return; }
      var ranges = line.dataset.marks.split(" ").map(function (pair) { return pair.split("-").map(Number); });
      queryHits.push({ line: line, time: starts[index], marks: paint(index, ranges) });
    });
    player.setMarkers("match", queryHits);
    queryBar.querySelector(".prev-match").disabled = queryBar.querySelector(".next-match").disabled = !queryHits.length;
    showQueryCount();
  }
  function showQueryCount() {
    var text = !queryHits.length ? queryCount.dataset.none : queryAt < 0 ? queryCount.dataset.count : queryCount.dataset.some;
    queryCount.textContent = text.replace("{current}", queryAt + 1).replace("{total}", queryHits.length);
  }
  function goQuery(step) {
    if (!queryHits.length) { return; }
    var t = video.currentTime, found = -1, i;
    if (queryAt >= 0) { queryHits[queryAt].marks.forEach(function (m) { m.classList.remove("current-match"); }); }
    if (step > 0) {
      for (i = 0; i < queryHits.length && found < 0; i++) { if (queryHits[i].time > t + 0.5) { found = i; } }
      if (found < 0) { found = 0; }
    } else {
      for (i = queryHits.length - 1; i >= 0 && found < 0; i--) { if (queryHits[i].time < t - 0.5) { found = i; } }
      if (found < 0) { found = queryHits.length - 1; }
    }
    queryAt = found;
    var hit = queryHits[found];
    hit.marks.forEach(function (m) { m.classList.add("current-match"); });
    showQueryCount();
    userScrolledAt = Date.now();
    reveal(hit.line, false);
    player.seek(hit.time, false);
  }
  if (queryBar) {
    queryBar.querySelector(".prev-match").addEventListener("click", function () { goQuery(-1); });
    queryBar.querySelector(".next-match").addEventListener("click", function () { goQuery(1); });
    queryBar.hidden = false;
    markQuery();
  }

  // Quoting a passage ------------------------------------------------------------------
  var bar = panel.querySelector(".quote-bar"), quote = null;
  var playQuote = bar.querySelector(".play-quote"), copyQuote = bar.querySelector(".copy-quote");
  function lineOf(node) {
    var element = node && (node.nodeType === 1 ? node : node.parentElement);
    var line = element && element.closest("li");
    return line && line.parentElement === list ? line : null;
  }
  function param(t) { return String(Math.round(t * 100) / 100); }
  function quoted() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) { return; }
    var range = selection.getRangeAt(0), first = lineOf(range.startContainer), last = lineOf(range.endContainer);
    if (!first || !last) { return; }
    // A selection dragged to the very start of a line does not include that line.
    if (last !== first && range.endOffset === 0 && last.previousElementSibling) { last = last.previousElementSibling; }
    var from = parseFloat(first.dataset.start), to = parseFloat(last.dataset.end);
    quote = { start: from, end: to, url: player.pageUrl + "?start=" + param(from) + "&end=" + param(to) };
    bar.querySelector(".quote-range").textContent = player.clock(from) + " – " + player.clock(to);
    playQuote.href = quote.url;
    bar.hidden = false;
  }
  var selectionTimer = null;
  document.addEventListener("selectionchange", function () { clearTimeout(selectionTimer); selectionTimer = setTimeout(quoted, 250); });
  playQuote.addEventListener("click", function (event) {
    event.preventDefault();
    if (quote) { player.playRange(quote.start, quote.end); }
  });
  bar.querySelector(".close-quote").addEventListener("click", function () {
    bar.hidden = true;
    quote = null;
    window.getSelection().removeAllRanges();
  });
  copyQuote.addEventListener("click", function () {
    if (!quote) { return; }
    var label = copyQuote.lastChild, original = label.textContent;
    player.copy(quote.url).then(function () {
      label.textContent = " " + copyQuote.dataset.done;
      setTimeout(function () { label.textContent = original; }, 2000);
    });
  });

  form.hidden = false;
  panel.querySelector(".follow").hidden = false;
  panel.classList.add("enhanced");
  update();
  if (current >= 0) { reveal(lines[current], false); }
})();
