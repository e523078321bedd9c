// Live processing progress: polls the job API and updates the bar; reloads when published.
(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-job-url]");
  boxes.forEach(function (box) {
    var bar = box.querySelector("progress"), pct = box.querySelector(".pct");
    function poll() {
      fetch(box.dataset.jobUrl, { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (job) {
          if (!job) { return; }
          bar.value = job.progress; pct.textContent = job.progress;
          if (job.state === "succeeded" || job.state === "failed") { window.location.reload(); return; }
          setTimeout(poll, 2000);
        })
        .catch(function () { setTimeout(poll, 5000); });
    }
    setTimeout(poll, 1000);
  });
})();
