-- wrk script for tests/reliability: every request creates a return through
-- the customer's form (a new email address each time: ten labels a day per
-- address), counts the answers by status and writes the Location of each
-- 303 (the return's page, /r/t/<download token>) to OUT.<thread>, one a
-- line, so the suite can check that each return it was told about exists.
-- Environment: CSRF (the csrf cookie's value), LINK (the /r/<token> path),
-- TAG (the email prefix of this run), OUT (a file name prefix).
local csrf = os.getenv("CSRF")
local link = os.getenv("LINK")
local tag = os.getenv("TAG")
local out = os.getenv("OUT")
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

function init(args)
  n = 0
  codes = {}
  f = io.open(out .. "." .. tid, "w")
  f:setvbuf("line")
end

function request()
  n = n + 1
  local body = "csrf=" .. csrf .. "&name=Kill+Test&line1=1+Main+St" ..
    "&city=Ottawa&province=ON&postal=K1A0B1&weight=1.2&method=label" ..
    "&email=" .. tag .. "-" .. tid .. "-" .. n .. "%40example.com"
  return wrk.format("POST", link, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrf=" .. csrf,
  }, body)
end

function response(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
  if status == 303 then
    f:write((headers["Location"] or headers["location"] or "-") .. "\n")
  end
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local c = t:get("codes")
    for k, v in pairs(c) do total[k] = (total[k] or 0) + v end
  end
  for k, v in pairs(total) do
    io.write(string.format("status %d %d\n", k, v))
  end
  io.write(string.format("errors connect %d read %d write %d status %d timeout %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
