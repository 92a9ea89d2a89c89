-- wrk script: timeline pages (50 items, newest first) of random customers.
-- Usage: wrk -t2 -c16 -d30s --latency -s Benchmarks/load/timeline.lua http://127.0.0.1:8080 -- customers.txt
-- customers.txt: one customer id a line, e.g. from
--   sqlite3 -readonly data/projections.sqlite "SELECT customer_id FROM customers WHERE merged_into IS NULL" > customers.txt
-- With CX_TENANT set, every request names that tenant (`CX-Tenant`).
local ids = {}
function init(args)
  for line in io.lines(args[1] or "customers.txt") do ids[#ids + 1] = line end
  local tenant = os.getenv("CX_TENANT")
  if tenant and tenant ~= "" then wrk.headers["CX-Tenant"] = tenant end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end
function request()
  return wrk.format("GET", "/v1/customers/" .. ids[math.random(1, #ids)] .. "/activities?limit=50")
end
