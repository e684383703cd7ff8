-- wrk script: every request creates a return through the customer's form
-- (a new email address each time, so the daily cap does not apply).
-- Set by tests/bench/run: CSRF (the csrf cookie's value) and LINK (path).
-- The addresses differ from one wrk run to the next (the time and a
-- random number in them): the same address again within a day is a
-- duplicate, answered with the form (200) instead of a new return.
local csrf = os.getenv("CSRF")
math.randomseed(os.time())
local run = os.time() .. "-" .. math.random(1000000)
local n = 0
local thread_id = 0
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end

function init(args)
  thread_id = tid or 0
end

request = function()
  n = n + 1
  local body = "csrf=" .. csrf .. "&name=Bench+Customer&line1=1+Main+St" ..
    "&city=Ottawa&province=ON&postal=K1A0B1&weight=1.2&method=label&order_answer=A1" ..
    "&email=bench" .. run .. "-" .. thread_id .. "-" .. n .. "%40example.com"
  return wrk.format("POST", os.getenv("LINK"), {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrf=" .. csrf,
  }, body)
end
