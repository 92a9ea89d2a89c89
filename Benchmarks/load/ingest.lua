-- wrk script: POST /ccm/message/receive with the demo's CIM messages, each under a new id
-- (so that every request is an append, never a duplicate).
-- Usage: wrk -t2 -c64 -d20s --latency -s Benchmarks/load/ingest.lua http://127.0.0.1:8080 -- messages.ndjson RUN
-- messages.ndjson: `cxstore demo --customers 2000 --ndjson messages.ndjson`; RUN: a prefix unique to this run.
-- Prints one machine-readable line at the end: `RESULT requests=… seconds=… rate=… p50_ms=… p99_ms=… errors=…`.
local bodies = {}
local run = "run"
local threads = {}
local counter = 0
local next_line = 0
local prefix = ""

function setup(thread)
  thread:set("thread_index", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  run = args[2] or run
  for line in io.lines(args[1] or "messages.ndjson") do
    -- Every demo line starts with {"id":"…"; keep what follows the id.
    local rest = line:match('^{"id":"[^"]*"(.*)$')
    if rest then bodies[#bodies + 1] = rest end
  end
  prefix = '{"id":"' .. run .. "-" .. thread_index .. "-"
  next_line = thread_index
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  next_line = next_line % #bodies + 1
  return wrk.format(nil, "/ccm/message/receive", nil, prefix .. counter .. '"' .. bodies[next_line])
end

function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d seconds=%.2f rate=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d\n",
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
