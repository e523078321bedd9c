// The upload page: a resumable upload through Uppy (tus to this server in local mode, S3
// multipart straight to the bucket in S3 mode), then the replay is created and its
// processing job followed until the replay is published.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  if (!form || !csrfMeta || !window.Uppy) { return; }

  var MIB = 1024 * 1024;
  // A dropped connection is retried by the uploader over about a minute; after that the page
  // keeps trying at this pace for as long as it stays open.
  var RETRY_AFTER_MS = 10000;
  // Back online, an upload that has moved no byte for this long is restarted from what the
  // server (or the bucket) already holds: a request caught in the cut may never end by itself.
  var STALL_MS = 15000;
  var csrf = csrfMeta.getAttribute("content");
  var config = form.dataset;
  var text = document.getElementById("upload-messages").dataset;
  function $(id) { return document.getElementById(id); }
  var recordingInput = $("recording"), startButton = $("upload-start"), pauseButton = $("upload-pause");
  var bar = $("upload-progress"), status = $("upload-status"), errorBox = $("upload-error");
  var state = { fileId: null, uploadId: null, token: null, uploaded: false, details: null, retry: null };
  var lastProgressAt = 0; // when the upload last moved (or started, or came back online)
  var grants = {}; // S3 mode: storage key -> grant token from the server

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : match;
    });
  }

  function humanSize(bytes) {
    var units = [["GB", 1e9], ["MB", 1e6], ["KB", 1e3]];
    for (var i = 0; i < units.length; i++) {
      if (bytes >= units[i][1]) { return (bytes / units[i][1]).toFixed(1) + " " + units[i][0]; }
    }
    return bytes + " B";
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = !message;
  }

  function setBusy(busy) {
    form.querySelectorAll("input, select, textarea").forEach(function (field) { field.disabled = busy; });
    startButton.disabled = busy;
  }

  // Server answers are JSON with an "error" sentence when refused.
  function readAnswer(response) {
    return response.json().catch(function () { return {}; }).then(function (data) {
      if (!response.ok) {
        var error = new Error(data.error || format(text.httpError, { status: response.status }));
        error.status = response.status;
        throw error;
      }
      return data;
    });
  }

  function post(url, body, json) {
    var headers = { "X-CSRFToken": csrf, "Accept": "application/json" };
    if (json) { headers["Content-Type"] = "application/json"; }
    return fetch(url, {
      method: "POST", credentials: "same-origin", headers: headers,
      body: json ? JSON.stringify(body) : body
    }).then(readAnswer);
  }

  // S3 parts: at least 8 MiB, and never more than S3's 10,000 parts. The server learns the
  // size when the upload starts and signs each part for exactly its own length.
  function partSize(fileSize) { return Math.max(8 * MIB, Math.ceil(fileSize / 10000)); }

  // S3 mode: the server signs each S3 call; it picks the key when an upload starts and
  // hands back a grant that later calls for that key must show.
  function signS3Request(request) {
    var body = { method: request.method, key: request.key };
    if (request.uploadId) { body.uploadId = request.uploadId; }
    if (request.partNumber) { body.partNumber = request.partNumber; }
    if (!request.uploadId && (request.method === "POST" || request.method === "PUT")) {
      var file = uppy.getFile(request.key);
      body.filename = file.name;
      body.size = file.size;
      body.type = file.type || "";
      if (request.method === "POST") { body.partSize = partSize(file.size); }
    } else {
      body.token = grants[request.key];
    }
    return post(config.signUrl, body, true).then(function (answer) {
      if (answer.token) { grants[answer.key] = answer.token; state.token = answer.token; }
      return { url: answer.url, key: answer.key };
    });
  }

  var uppy = new window.Uppy.Uppy({
    autoProceed: false,
    restrictions: { maxNumberOfFiles: 1, maxFileSize: Number(config.maxBytes) }
  });
  if (config.mode === "s3") {
    uppy.use(window.Uppy.AwsS3, {
      limit: 1,
      shouldUseMultipart: true,
      getChunkSize: function (file) { return partSize(file.size); },
      generateObjectKey: function (file) { return file.id; },
      signRequest: signS3Request
    });
  } else {
    uppy.use(window.Uppy.Tus, {
      endpoint: config.tusEndpoint,
      headers: { "X-CSRFToken": csrf },
      // Requests of bounded size pass proxies that cap request bodies; a cut one resumes
      // from the last byte the server wrote, not from the start of the request.
      chunkSize: 64 * MIB,
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 30000],
      removeFingerprintOnSuccess: true,
      allowedMetaFields: ["name", "type"],
      limit: 1
    });
  }

  recordingInput.addEventListener("change", function () {
    showError("");
    uppy.cancelAll();
    state.fileId = null;
    state.uploaded = false;
    var file = recordingInput.files[0];
    if (!file) { return; }
    try {
      state.fileId = uppy.addFile({ name: file.name, type: file.type, data: file, source: "Local" });
    } catch (error) {
      showError(error.message);
    }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    showError("");
    if (!state.fileId) { showError(text.chooseFile); recordingInput.focus(); return; }
    // Read the details now: disabled fields are left out of a FormData. The recording input
    // has no name, so its bytes never travel with these fields.
    state.details = new FormData(form);
    setBusy(true);
    lastProgressAt = Date.now();
    $("upload-progress-box").hidden = false;
    if (state.uploaded) { register(); return; } // only the replay creation failed: no re-upload
    pauseButton.hidden = false;
    var file = uppy.getFile(state.fileId);
    if (file && file.error) { uppy.retryUpload(state.fileId); } else { uppy.upload(); }
  });

  pauseButton.addEventListener("click", function () {
    var paused = uppy.pauseResume(state.fileId);
    if (paused === undefined) { return; }
    pauseButton.textContent = paused ? text.resume : text.pause;
    pauseButton.setAttribute("aria-pressed", paused ? "true" : "false");
    if (paused) { status.textContent = format(text.paused, { percent: bar.value }); }
  });

  setInterval(function () {
    var file = state.fileId && uppy.getFile(state.fileId);
    if (!file || state.uploaded || !startButton.disabled || file.isPaused) { return; }
    if (navigator.onLine === false || Date.now() - lastProgressAt < STALL_MS) { return; }
    lastProgressAt = Date.now();
    if (file.error) { retrySoon(0); return; }
    uppy.pauseResume(state.fileId); // abort what hangs...
    uppy.pauseResume(state.fileId); // ...and resume from the bytes already stored
  }, 5000);

  uppy.on("upload-progress", function (file, progress) {
    lastProgressAt = Date.now();
    var total = progress.bytesTotal || file.size;
    var percent = total ? Math.floor(progress.bytesUploaded * 100 / total) : 0;
    bar.value = percent;
    bar.dataset.bytes = String(progress.bytesUploaded);
    status.textContent = format(text.uploading, {
      done: humanSize(progress.bytesUploaded), total: humanSize(total), percent: percent
    });
  });

  uppy.on("is-offline", function () { status.textContent = text.offline; });
  uppy.on("back-online", function () {
    lastProgressAt = Date.now();
    status.textContent = text.online;
    retrySoon(0);
  });

  function errorMessage(error, response) {
    var xhr = response && response.body && response.body.xhr;
    if (xhr && xhr.responseText) {
      try { return JSON.parse(xhr.responseText).error || error.message; } catch (e) { /* not JSON */ }
    }
    return error.message;
  }

  // Lost connections (to this server or to the bucket), as opposed to refusals.
  function isNetworkError(error) {
    return Boolean(error.isNetworkError || error.name === "S3NetworkError" || error instanceof TypeError);
  }

  function retrySoon(delay) {
    var file = state.fileId && uppy.getFile(state.fileId);
    if (!file || !file.error || state.retry) { return; }
    state.retry = setTimeout(function () {
      state.retry = null;
      uppy.retryUpload(state.fileId);
    }, delay);
  }

  uppy.on("upload-error", function (file, error, response) {
    if (isNetworkError(error)) {
      // The bytes already sent stay on the server (or in the bucket): resume, never restart.
      status.textContent = text.offline;
      if (navigator.onLine !== false) { retrySoon(RETRY_AFTER_MS); }
      return;
    }
    showError(errorMessage(error, response));
    pauseButton.hidden = true;
    setBusy(false);
    startButton.textContent = text.retry;
  });

  uppy.on("upload-success", function (file, response) {
    if (response && response.uploadURL && config.mode !== "s3") {
      state.uploadId = response.uploadURL.split("/").pop();
    }
    state.uploaded = true;
    pauseButton.hidden = true;
    bar.value = 100;
    register();
  });

  // The upload is in: create the replay from it, then follow its processing job.
  function register() {
    status.textContent = text.registering;
    var data = state.details;
    if (config.mode === "s3") { data.set("token", state.token); } else { data.set("upload", state.uploadId); }
    post(config.completeUrl, data, false).then(function (outcome) {
      status.textContent = text.uploaded;
      form.dataset.replayId = outcome.replay.id;
      follow(outcome);
    }).catch(function (error) {
      showError(error.message);
      setBusy(false);
      startButton.textContent = text.retry;
    });
  }

  function follow(outcome) {
    var box = $("processing"), jobBar = $("job-progress"), jobStatus = $("job-status");
    var link = $("replay-link");
    box.hidden = false;
    link.href = outcome.replay.url;
    if (!outcome.job) { return; }
    function show(job) {
      box.dataset.state = job.state;
      jobBar.value = job.progress;
      if (job.state === "succeeded") {
        jobStatus.textContent = text.published;
        link.textContent = text.watch;
      } else if (job.state === "failed" || job.state === "cancelled") {
        jobStatus.textContent = format(text.failed, { error: job.error || job.state });
      } else {
        jobStatus.textContent = format(job.state === "queued" ? text.queued : text.processing,
                                       { percent: job.progress });
        setTimeout(poll, 1500);
      }
    }
    // The editor's status of the job, not the API's: its failure sentence is in the page's language.
    var statusUrl = config.jobStatusUrl + "?ids=" + encodeURIComponent(outcome.job.id);
    function poll() {
      fetch(statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(readAnswer).then(function (answer) { show(answer.jobs[0]); })
        .catch(function () { setTimeout(poll, 5000); });
    }
    poll();
  }
})();
