-- wrk -s post-pods.lua URL -- <body template file> <collection path>
-- Every request creates a new pod: the template's __NAME__ becomes "wrk-<thread>-<n>", unique per run, so no
-- request is a 409 and every one goes through admission and a durable write.
local counter = 0
local threads = 0

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  local f = assert(io.open(args[1], "rb"))
  template = f:read("*a")
  f:close()
  path = args[2]
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local name = "wrk-" .. tid .. "-" .. counter
  return wrk.format("POST", path, nil, (template:gsub("__NAME__", name)))
end
