-- wrk script: one summary line for bench/web.sh and bench/load.sh. Besides requests/s and
-- percentiles it reports the slowest request and how many took over 1 s. A request over wrk's
-- --timeout is left out of the latency distribution (wrk counts it as a timeout): timeouts are
-- reported apart, so set --timeout well above 1 s.

-- How many recorded requests took longer than limit microseconds, read from the slowest down.
-- latency(i) scans wrk's histogram from its fastest value each time, so this reads at most
-- `cap` distinct values (when all are slow, the count is a lower bound, marked "+").
local function slower_than(latency, limit, cap)
  local distinct = #latency
  local over, i = 0, distinct
  while i >= 1 and distinct - i < cap do
    local microseconds, count = latency(i)
    if microseconds <= limit then
      return tostring(over)
    end
    over, i = over + count, i - 1
  end
  return i >= 1 and over .. "+" or tostring(over)
end

done = function(summary, latency, requests)
  local timeouts = summary.errors.timeout
  local over_1s = slower_than(latency, 1000000, 1000)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status
  io.write(string.format(
    "RESULT rps=%.1f p50_ms=%.1f p99_ms=%.1f max_ms=%.1f over_1s=%s timeouts=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, over_1s, timeouts, errors))
end
