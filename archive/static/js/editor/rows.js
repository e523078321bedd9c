// Adds rows to the cue and chapter editors from a <template>, and greys out rows marked for deletion.
(function () {
  "use strict";
  var counter = 0;

  function renumber(node, token) {
    node.querySelectorAll("*").forEach(function (element) {
      Array.prototype.forEach.call(element.attributes, function (attribute) {
        if (attribute.value.indexOf("__N__") !== -1) {
          element.setAttribute(attribute.name, attribute.value.split("__N__").join(token));
        }
      });
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-row]");
    if (!button) { return; }
    var template = document.getElementById(button.dataset.addRow);
    var list = document.getElementById(button.dataset.into);
    if (!template || !list) { return; }
    counter += 1;
    var fragment = template.content.cloneNode(true);
    renumber(fragment, String(Date.now()) + counter);
    var row = fragment.firstElementChild;
    list.appendChild(fragment);
    var first = row.querySelector("input:not([type=hidden]), textarea");
    if (first) { first.focus(); }
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches(".delete input[type=checkbox]")) {
      event.target.closest("li").classList.toggle("deleted", event.target.checked);
    }
  });
})();
