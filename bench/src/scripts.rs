//! The wrk Lua scripts of each workload. Requests go through the public API
//! with the demo tokens, on accounts and lines the demo operator has.

/// Operative demo accounts (every eighth owes money) and their first line.
const ACCOUNTS_LUA: &str = r#"
local accounts = {}
for i = 0, 35 do
  if i % 8 ~= 4 then table.insert(accounts, i) end
end
local function report_body()
  local i = accounts[math.random(#accounts)]
  return string.format('{"account":"%d","channel":"api","lines":["+58416%07d"],"fault_type":"no_signal","description":"Sin señal en la sede (prueba de carga)","reporter":{"name":"Carga","phone":"+584141234567"}}', 1001 + i, 1000000 + i * 1000)
end
"#;

pub fn lua_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("\"{s}\"")).collect();
    format!("{{{}}}", quoted.join(","))
}

/// Full intake: account check, ticket, history, audit.
pub fn reports() -> String {
    format!(
        r#"{ACCOUNTS_LUA}
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer demo-teleservice"
request = function()
  return wrk.format("POST", "/api/v1/reports", nil, report_body())
end
"#
    )
}

/// Full intake, recording every acknowledged ticket number in `dir`.
pub fn reports_recording(dir: &str) -> String {
    format!(
        r#"{ACCOUNTS_LUA}
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer demo-teleservice"
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
function init(args)
  out = io.open("{dir}/acknowledged-" .. id .. ".txt", "a")
end
request = function()
  return wrk.format("POST", "/api/v1/reports", nil, report_body())
end
response = function(status, headers, body)
  if status == 201 then
    local n = string.match(body, '"number":"(AV%-%d+%-%d+)"')
    if n then
      out:write(n, "\n")
      out:flush()
    end
  end
end
"#
    )
}

/// Single-ticket reads by number.
pub fn reads(numbers: &[String]) -> String {
    format!(
        r#"
wrk.headers["Authorization"] = "Bearer demo-csm"
local numbers = {}
request = function()
  return wrk.format("GET", "/api/v1/tickets/" .. numbers[math.random(#numbers)])
end
"#,
        lua_list(numbers)
    )
}

const LIST_QUERIES: &str = r#"
local lists = {
  "/api/v1/tickets?status=inProgress&group=csm&limit=50",
  "/api/v1/tickets?status=acknowledged&group=csm&limit=50",
  "/api/v1/tickets?status=inProgress&group=cor&limit=50",
  "/api/v1/tickets?status=pending&group=csm&limit=50",
}
"#;

/// Filtered list pages: status + group, 50 rows.
pub fn list_page() -> String {
    format!(
        r#"{LIST_QUERIES}
wrk.headers["Authorization"] = "Bearer demo-csm"
request = function()
  return wrk.format("GET", lists[math.random(#lists)])
end
"#
    )
}

/// An agent's day: mostly reads and queue pages, some notes, a few transitions.
pub fn mixed(numbers: &[String], open: &[String]) -> String {
    let open = if open.is_empty() { numbers } else { open };
    format!(
        r#"{LIST_QUERIES}
wrk.headers["Authorization"] = "Bearer demo-csm"
wrk.headers["Content-Type"] = "application/json"
local numbers = {}
local open = {}
local resolved = {{}}
request = function()
  local r = math.random(100)
  if r <= 75 then
    return wrk.format("GET", "/api/v1/tickets/" .. numbers[math.random(#numbers)])
  elseif r <= 87 then
    return wrk.format("GET", lists[math.random(#lists)])
  elseif r <= 97 then
    local t = open[math.random(#open)]
    return wrk.format("POST", "/api/v1/tickets/" .. t .. "/notes", nil, '{{"visibility":"internal","body":"Seguimiento (prueba de carga)"}}')
  else
    local t = open[math.random(#open)]
    if resolved[t] then
      resolved[t] = nil
      return wrk.format("POST", "/api/v1/tickets/" .. t .. "/actions/reject_resolution", nil, '{{"reason":"El cliente reporta que sigue fallando"}}')
    end
    resolved[t] = true
    return wrk.format("POST", "/api/v1/tickets/" .. t .. "/actions/resolve", nil, '{{"resolution":"Reinicio remoto del servicio"}}')
  end
end
"#,
        lua_list(numbers),
        lua_list(open)
    )
}
