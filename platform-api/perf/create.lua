-- wrk script: POST /api/v1/optimization/sessions (creates), as the `load` profile's users.
-- Model ids: WRK_MODELS, a comma list (the million-session script passes ids of seeded models).
-- Tokens rotate over load-token-1..WRK_USERS (default 500) like auth.lua.
local users = tonumber(os.getenv("WRK_USERS") or "500")
local models = {}
for id in string.gmatch(os.getenv("WRK_MODELS") or "", "[^,]+") do
  models[#models + 1] = id
end
local devices = { "jetson-orin", "jetson-nano", "raspberry-pi-5", "coral-tpu", "x86-cpu" }
local counter = 0

function setup(thread)
  thread:set("offset", math.random(0, users - 1))
end

function init(args)
  if #models == 0 then
    error("WRK_MODELS is empty: pass model ids (comma list)")
  end
end

request = function()
  counter = counter + 1
  local token = "load-token-" .. (((counter + (offset or 0)) % users) + 1)
  local body = '{"model_id":"' .. models[(counter % #models) + 1] .. '","techniques":["quantization"],'
    .. '"target_device":"' .. devices[(counter % #devices) + 1] .. '"}'
  return wrk.format("POST", nil,
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end
