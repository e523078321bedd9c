// Suggestions as you type in the search box: the ARIA 1.2 combobox pattern with a listbox
// popup (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/). Focus stays in the field; the
// up and down arrows move through the suggestions (aria-activedescendant), Enter searches for
// the one chosen, Escape closes the list. Each suggestion says what it is (a word said, a
// speaker, a title...), and a status line tells screen readers how many there are.
(function () {
  "use strict";
  var form = document.querySelector("form.search-box[data-suggest]");
  if (!form || !window.fetch) { return; }
  var input = form.querySelector("[role=combobox]");
  var list = document.getElementById(input.getAttribute("aria-controls"));
  var status = document.getElementById("q-status");
  var WAIT_MS = 120, MAX_CHARS = 100;
  var timer = null, asked = "", active = -1, options = [];

  function kindLabel(kind) { return form.dataset["kind" + kind.charAt(0).toUpperCase() + kind.slice(1)] || kind; }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function open() {
    if (!options.length) { return; }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  // The list says which text it answers (data-for), so a script or a test can tell a list
  // still showing the answer to an earlier prefix from the answer to what is typed now.
  function show(suggestions, typed) {
    list.textContent = "";
    list.dataset.for = typed;
    options = suggestions.map(function (suggestion, number) {
      var option = document.createElement("li");
      option.id = "q-suggestion-" + number;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.text = suggestion.text;
      option.dataset.kind = suggestion.kind;
      var text = document.createElement("span");
      text.className = "text";
      text.textContent = suggestion.text;
      var pause = document.createElement("span");
      pause.className = "visually-hidden";
      pause.textContent = ", ";
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = kindLabel(suggestion.kind);
      option.append(text, pause, kind);
      list.appendChild(option);
      return option;
    });
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (options.length) {
      open();
      status.textContent = options.length === 1 ? form.dataset.one : form.dataset.many.replace("{n}", String(options.length));
    } else {
      close();
      status.textContent = "";
    }
  }

  function highlight(number) {
    if (active >= 0 && options[active]) { options[active].setAttribute("aria-selected", "false"); }
    active = number;
    if (active < 0) { input.removeAttribute("aria-activedescendant"); return; }
    var option = options[active];
    option.setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", option.id);
    option.scrollIntoView({ block: "nearest" });
  }

  function choose(option) {
    input.value = option.dataset.text;
    close();
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  }

  function ask() {
    var typed = input.value;
    if (!/[\p{L}\p{N}]/u.test(typed) || typed.length > MAX_CHARS) { asked = ""; show([], typed); return; }
    if (typed === asked) { open(); return; }
    asked = typed;
    fetch(form.dataset.suggest + "?q=" + encodeURIComponent(typed), {
      headers: { Accept: "application/json" }, credentials: "same-origin"
    }).then(function (response) {
      return response.ok ? response.json() : { suggestions: [] };
    }).then(function (body) {
      // An answer to what was typed before is of no use any more.
      if (input.value === typed && document.activeElement === input) { show(body.suggestions || [], typed); }
    }).catch(function () { show([], typed); });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, WAIT_MS);
  });

  input.addEventListener("keydown", function (event) {
    var expanded = !list.hidden;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!expanded) { open(); if (!options.length) { ask(); } return; }
        highlight(active + 1 < options.length ? active + 1 : 0);
        break;
      case "ArrowUp":
        event.preventDefault();
        if (!expanded) { open(); return; }
        highlight(active > 0 ? active - 1 : options.length - 1);
        break;
      case "Enter":
        if (expanded && active >= 0) { event.preventDefault(); choose(options[active]); }
        break;
      case "Escape":
        if (expanded) { event.preventDefault(); close(); }
        break;
      case "Tab":
        close();
        break;
    }
  });

  // mousedown, not click: the field keeps the focus, so the list is still there to click.
  list.addEventListener("mousedown", function (event) {
    var option = event.target.closest("[role=option]");
    if (option) { event.preventDefault(); choose(option); }
  });
  list.addEventListener("mousemove", function (event) {
    var option = event.target.closest("[role=option]");
    if (option) { highlight(options.indexOf(option)); }
  });
  input.addEventListener("blur", function () { close(); });
  form.addEventListener("submit", function () { clearTimeout(timer); close(); });
})();
