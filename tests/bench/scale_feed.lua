-- wrk script for tests/bench/scale: POST /api/tracking/events, one signed
-- batch per request, going through the file made by scale_feed.js (lines
-- "<X-Signature>\t<JSON body>"). Thread k of n sends batches k, k + n,
-- k + 2n, ... so no two threads send the same batch.
--
-- The measure is the first pass: each thread notes the time of its first
-- request and of the answer to its last batch, then stops (the rest of
-- wrk's -d is idle). Once its batches are all sent, a thread that still
-- waits for answers sends its first batch again (all duplicates, cheap);
-- those answers say "applied": 0 and are not counted as batches. wrk's
-- own duration covers the whole -d, so done() prints the pass's times.
-- Environment: FEED_FILE (the batches), FEED_THREADS (wrk -t).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local function clock()	-- wall clock, sub-second (os.time() is whole s)
  local p = io.popen("date +%s.%N")
  local s = p:read("*l")
  p:close()
  return s
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
  first = tid or 0
  nextb = first
  mine = math.floor((#bodies - 1 - first) / step) + 1	-- batches of ours
  answered, applied, dups, fillers = 0, 0, 0, 0
  t_start, t_end = nil, nil
end

function request()
  local k
  if t_start == nil then t_start = clock() end
  if nextb < #bodies then
    k = nextb + 1
    nextb = nextb + step
  else
    k = first + 1	-- a filler while the last answers come
    fillers = fillers + 1
  end
  return wrk.format("POST", "/api/tracking/events", {
    ["Content-Type"] = "application/json",
    ["X-Signature"] = sigs[k],
  }, bodies[k])
end

function response(status, headers, body)
  local a = 0
  if status == 200 then
    a = tonumber(body:match('"applied": (%d+)')) or 0
    applied = applied + a
    dups = dups + (tonumber(body:match('"duplicates": (%d+)')) or 0)
  end
  if status ~= 200 or a > 0 then	-- an answer to one of our batches
    answered = answered + 1
    if answered == mine then
      t_end = clock()
      wrk.thread:stop()
    end
  end
end

function done(summary, latency, requests)
  local n, a, d, f, t0, t1, all = 0, 0, 0, 0, nil, nil, true
  for _, t in ipairs(threads) do
    n = n + (t:get("answered") or 0)
    a = a + (t:get("applied") or 0)
    d = d + (t:get("dups") or 0)
    f = f + (t:get("fillers") or 0)
    local s, e = tonumber(t:get("t_start")), tonumber(t:get("t_end"))
    if s and (t0 == nil or s < t0) then t0 = s end
    if e == nil then all = false elseif t1 == nil or e > t1 then t1 = e end
  end
  -- the pass's seconds, or 0 when some thread did not finish within -d
  io.write(string.format(
    "feed: batches %d applied %d duplicates %d fillers %d seconds %.3f\n",
    n, a, d, f, (all and t0 and t1) and (t1 - t0) or 0))
end
