-- wrk script: adds "Authorization: Bearer <token>" to every request.
-- Tokens rotate over load-token-1..WRK_USERS (default 500, the `load` profile's users), so requests
-- spread over distinct users' rate-limit windows as a real crowd's would; WRK_TOKEN pins one token.
-- WRK_GZIP=1 also sends "Accept-Encoding: gzip".
local users = tonumber(os.getenv("WRK_USERS") or "500")
local fixed = os.getenv("WRK_TOKEN")
local gzip = os.getenv("WRK_GZIP") == "1"
local counter = 0

function setup(thread)
  thread:set("offset", math.random(0, users - 1))
end

request = function()
  counter = counter + 1
  local token = fixed or ("load-token-" .. (((counter + (offset or 0)) % users) + 1))
  local headers = { ["Authorization"] = "Bearer " .. token }
  if gzip then
    headers["Accept-Encoding"] = "gzip"
  end
  return wrk.format(nil, nil, headers)
end
