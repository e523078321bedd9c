// Search results: each replay's timeline places its matching moments along a bar the length
// of the replay. Without this script the marks stay a plain list of time links.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll(".timeline"), function (timeline) {
    Array.prototype.forEach.call(timeline.querySelectorAll("li[data-at]"), function (mark) {
      mark.style.left = (100 * parseFloat(mark.dataset.at)) + "%";
    });
    timeline.classList.add("enhanced");
  });
})();
