-- wrk script: one summary line for bench/web.sh and bench/load.sh. Besides requests/s and
-- percentiles it reports the slowest request and how many took over 1 s, read from wrk's whole
-- latency distribution (a request over wrk's --timeout is not in it: wrk counts it as a
-- timeout, reported apart and counted as slow too).
done = function(summary, latency, requests)
  local over_1s = 0
  for i = 1, #latency do
    local microseconds, count = latency(i)
    if microseconds > 1000000 then
      over_1s = over_1s + count
    end
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status
  io.write(string.format(
    "RESULT rps=%.1f p50_ms=%.1f p99_ms=%.1f max_ms=%.1f over_1s=%d timeouts=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, over_1s + summary.errors.timeout,
    summary.errors.timeout, errors))
end
