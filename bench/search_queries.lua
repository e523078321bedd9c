-- wrk script: cycles through the search API queries listed one per line in the file named by
-- SEARCH_QUERIES (paths like /api/v1/search?q=...), and reports p50/p95/p99 latency.
local queries = {}
for line in io.lines(os.getenv("SEARCH_QUERIES")) do
  queries[#queries + 1] = line
end
local i = 0
setup = function(thread)
  thread:set("offset", math.random(#queries))
end
request = function()
  i = i + 1
  return wrk.format("GET", queries[((i + (offset or 0)) % #queries) + 1])
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT rps=%.1f p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors))
end
