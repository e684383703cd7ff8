-- wrk script for tests/bench/scale: POST /api/tracking/events, one signed
-- batch per request, cycling through the file made by scale_feed.js
-- (lines "<X-Signature>\t<JSON body>"). Thread k of n sends batches k,
-- k + n, k + 2n, ... so no two threads send the same batch; a batch is
-- sent again only once the whole file has gone (then all duplicates).
-- Environment: FEED_FILE (the batches), FEED_THREADS (wrk -t).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  sigs, bodies = {}, {}
  for line in io.lines(os.getenv("FEED_FILE")) do
    local tab = line:find("\t", 1, true)
    if tab then
      sigs[#sigs + 1] = line:sub(1, tab - 1)
      bodies[#bodies + 1] = line:sub(tab + 1)
    end
  end
  step = tonumber(os.getenv("FEED_THREADS") or "1")
  nextb = tid or 0
  sent, applied, dups, wrapped = 0, 0, 0, 0
end

function request()
  local k = nextb % #bodies + 1
  if nextb >= #bodies then wrapped = 1 end
  nextb = nextb + step
  sent = sent + 1
  return wrk.format("POST", "/api/tracking/events", {
    ["Content-Type"] = "application/json",
    ["X-Signature"] = sigs[k],
  }, bodies[k])
end

function response(status, headers, body)
  if status == 200 then
    applied = applied + (tonumber(body:match('"applied": (%d+)')) or 0)
    dups = dups + (tonumber(body:match('"duplicates": (%d+)')) or 0)
  end
end

function done(summary, latency, requests)
  local a, d, w = 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + (t:get("applied") or 0)
    d = d + (t:get("dups") or 0)
    w = math.max(w, t:get("wrapped") or 0)
  end
  io.write(string.format("feed: applied %d duplicates %d wrapped %d\n",
    a, d, w))
end
