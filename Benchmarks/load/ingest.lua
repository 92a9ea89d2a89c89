-- wrk script: POST /ccm/message/receive with the demo's CIM messages, each under a new id
-- (so that every request is an append, never a duplicate); with BATCH above 1, POST
-- /ccm/message/receive/batch with BATCH messages per request (NDJSON).
-- Usage: wrk -t2 -c64 -d20s --latency -s Benchmarks/load/ingest.lua http://127.0.0.1:8080 -- messages.ndjson RUN [BATCH]
-- messages.ndjson: `cxstore demo --customers 2000 --ndjson messages.ndjson`; RUN: a prefix unique to this run.
-- With CX_AUTHORIZATION set (`Basic …`), every request carries it as its Authorization header;
-- with CX_TENANT set, every request names that tenant (`CX-Tenant`).
-- Prints one machine-readable line at the end:
-- `RESULT requests=… seconds=… rate=… p50_ms=… p99_ms=… errors=… messages=…` (rate: messages per second).
local bodies = {}
local run = "run"
local threads = {}
local counter = 0
local next_line = 0
local prefix = ""
batch = 1

function setup(thread)
  thread:set("thread_index", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  run = args[2] or run
  batch = tonumber(args[3] or "1")
  for line in io.lines(args[1] or "messages.ndjson") do
    -- Every demo line starts with {"id":"…"; keep what follows the id.
    local rest = line:match('^{"id":"[^"]*"(.*)$')
    if rest then bodies[#bodies + 1] = rest end
  end
  prefix = '{"id":"' .. run .. "-" .. thread_index .. "-"
  next_line = thread_index
  wrk.method = "POST"
  wrk.headers["Content-Type"] = batch > 1 and "application/x-ndjson" or "application/json"
  local authorization = os.getenv("CX_AUTHORIZATION")
  if authorization and authorization ~= "" then wrk.headers["Authorization"] = authorization end
  local tenant = os.getenv("CX_TENANT")
  if tenant and tenant ~= "" then wrk.headers["CX-Tenant"] = tenant end
end

local function next_message()
  counter = counter + 1
  next_line = next_line % #bodies + 1
  return prefix .. counter .. '"' .. bodies[next_line]
end

function request()
  if batch == 1 then
    return wrk.format(nil, "/ccm/message/receive", nil, next_message())
  end
  local lines = {}
  for i = 1, batch do lines[i] = next_message() end
  return wrk.format(nil, "/ccm/message/receive/batch", nil, table.concat(lines, "\n"))
end

function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  local seconds = summary.duration / 1e6
  local per_request = tonumber(threads[1]:get("batch")) or 1
  local messages = summary.requests * per_request
  io.write(string.format("RESULT requests=%d seconds=%.2f rate=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d messages=%d\n",
    summary.requests, seconds, messages / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors, messages))
end
