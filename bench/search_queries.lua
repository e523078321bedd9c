-- wrk script: cycles through a list of search API queries and reports p50/p95/p99 latency.
local queries = {
  "r%C3%A9industrialisation", "usines", "apprentissage", "hydrogene%20vert",
  "%22mise%20en%20oeuvre%22", "energie%20-nucleaire", "supply%20chain", "coeur",
  "intelligence%20artificielle", "competences%20OR%20formation", "decarbonation", "soudeuse",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/search?q=" .. queries[(i % #queries) + 1])
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT rps=%.1f p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors))
end
