-- wrk script: GET /v1/search with queries taken in turn from a file (one URL-encoded query
-- string a line, e.g. `q=refund&limit=20` or `q=5551234&customerId=cx-…`).
-- Usage: wrk -t1 -c1 -d20s --latency -s Benchmarks/load/search.lua http://127.0.0.1:8080 -- queries.txt
local queries = {}
local next_query = 0
function init(args)
  for line in io.lines(args[1] or "queries.txt") do queries[#queries + 1] = line end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  next_query = math.random(1, #queries)
end
function request()
  next_query = next_query % #queries + 1
  return wrk.format("GET", "/v1/search?" .. queries[next_query])
end
function done(summary, latency, requests)
  io.write(string.format("non-2xx or errors: %d\n", summary.errors.status + summary.errors.read + summary.errors.timeout))
end
