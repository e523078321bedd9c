// The processing dashboard, live: polls the editor's status endpoint for the jobs still running.
(function () {
  "use strict";
  var list = document.getElementById("jobs");
  if (!list) { return; }
  var labels = JSON.parse(list.dataset.labels);

  function activeIds() {
    return Array.prototype.map.call(list.querySelectorAll("[data-job][data-active='1']"), function (row) {
      return row.dataset.job;
    });
  }

  function update(job) {
    var row = list.querySelector('[data-job="' + job.id + '"]');
    if (!row) { return; }
    // A finished highlight cut has queued its replay's processing: show that new job.
    if (job.kind === "highlight" && job.state === "succeeded") { window.location.reload(); return; }
    row.className = "job state-" + job.state;
    row.dataset.active = job.active ? "1" : "";
    row.querySelector("progress").value = job.progress;
    row.querySelector(".pct").textContent = job.progress;
    row.querySelector(".step").textContent = job.step_label || "";
    var badge = row.querySelector(".job-state");
    badge.textContent = labels[job.state] || job.state;
    badge.className = "badge job-state state-" + job.state;
    var error = row.querySelector(".job-error");
    error.textContent = job.error || "";
    error.hidden = !job.error;
    var log = row.querySelector(".log");
    log.querySelector("pre").textContent = job.log_tail || "";
    log.hidden = !job.log_tail;
    row.querySelector("form.retry").hidden = !job.can_retry;
    row.querySelector("form.cancel").hidden = !job.can_cancel;
  }

  function poll() {
    var ids = activeIds();
    if (!ids.length) { return; }
    fetch(list.dataset.statusUrl + "?ids=" + ids.join(","), {
      headers: { "Accept": "application/json" }, credentials: "same-origin"
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data) { data.jobs.forEach(update); }
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }

  setTimeout(poll, 1000);
})();
