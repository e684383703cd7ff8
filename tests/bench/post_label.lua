-- wrk script: every request creates a return through the customer's form
-- (a new email address each time, so the daily cap does not apply).
-- Set by tests/bench/run: CSRF (the csrf cookie's value) and LINK (path).
local csrf = os.getenv("CSRF")
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
    "&email=bench" .. thread_id .. "-" .. n .. "%40example.com"
  return wrk.format("POST", os.getenv("LINK"), {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrf=" .. csrf,
  }, body)
end
