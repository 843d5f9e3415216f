"use strict";

// The outbox page reads the tenant's customers and SMS from the
// server-sent event stream at /_sandbox/events. It reads the stream with
// fetch, not EventSource, because EventSource cannot send headers and the
// API key must travel in the Authorization header: a key in a URL would end
// up in the browser history and in proxy logs.

const storageKey = "dirtylemon-sandbox-api-key";
const eventsPath = "/_sandbox/events";
const maxRetryDelay = 15000;

const el = (id) => document.getElementById(id);
const form = el("key-form");
const keyInput = el("api-key");
const statusLine = el("status");

let connection = null; // AbortController of the open stream
let retryTimer = null;
let retryDelay = 1000;
// seen contains the ids of the rows on screen per table, to highlight new
// ones. It is null until the table is first drawn, so the first draw
// highlights nothing.
const seen = { sms: null, customers: null };

function setStatus(state, text) {
  statusLine.dataset.state = state;
  statusLine.textContent = text;
}

function disconnect() {
  if (connection) connection.abort();
  connection = null;
  clearTimeout(retryTimer);
  retryTimer = null;
}

function scheduleRetry(reason) {
  const delay = retryDelay;
  retryDelay = Math.min(retryDelay * 2, maxRetryDelay);
  setStatus("connecting", reason + " Reconnecting in " + Math.round(delay / 1000) + " s.");
  retryTimer = setTimeout(connect, delay);
}

async function connect() {
  disconnect();
  const controller = new AbortController();
  connection = controller;
  const key = sessionStorage.getItem(storageKey) || "";
  const headers = key ? { Authorization: "Bearer " + key } : {};
  setStatus("connecting", "Connecting...");

  let response;
  try {
    response = await fetch(eventsPath, { headers, cache: "no-store", signal: controller.signal });
  } catch (err) {
    if (!controller.signal.aborted) scheduleRetry("The server did not respond.");
    return;
  }
  if (!response.ok) {
    await reportFailure(response);
    return;
  }

  retryDelay = 1000;
  setStatus("live", key ? "Live, tenant key ending " + key.slice(-4) : "Live, default tenant");
  try {
    await readEvents(response.body, controller.signal);
  } catch (err) {
    if (controller.signal.aborted) return;
  }
  if (!controller.signal.aborted) scheduleRetry("The stream ended.");
}

// reportFailure shows the API's error message. Key and route errors need
// the user to act, so only server errors are retried.
async function reportFailure(response) {
  let message = "HTTP " + response.status;
  try {
    const body = await response.json();
    if (body && body.error && body.error.message) message = body.error.message;
  } catch (err) {
    // The body was not the JSON error envelope, so the status is the message.
  }
  if (response.status >= 500) {
    scheduleRetry(message);
    return;
  }
  setStatus("error", message);
}

// readEvents parses the text/event-stream body: events are separated by a
// blank line, and lines starting with ":" are keep-alive comments.
async function readEvents(body, signal) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  while (!signal.aborted) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      handleEvent(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
    }
  }
}

function handleEvent(block) {
  let name = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) name = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
  }
  if (name === "snapshot" && data.length > 0) render(JSON.parse(data.join("\n")));
}

function render(snapshot) {
  renderTable("sms", snapshot.sms, snapshot.sms_total, smsRow);
  renderTable("customers", snapshot.customers, snapshot.customers_total, customerRow);
}

function renderTable(name, items, total, makeRow) {
  const rows = el(name + "-rows");
  const previous = seen[name];
  const ids = new Set();
  rows.replaceChildren(...items.map((item) => {
    ids.add(item.id);
    const row = makeRow(item);
    if (previous && !previous.has(item.id)) row.classList.add("fresh");
    return row;
  }));
  seen[name] = ids;

  el(name + "-count").textContent = String(total);
  el(name + "-empty").hidden = items.length > 0;
  const more = el(name + "-more");
  more.hidden = items.length >= total;
  more.textContent = "Showing the newest " + items.length + " of " + total + ".";
}

function cell(content, className) {
  const td = document.createElement("td");
  if (className) td.className = className;
  if (content instanceof Node) td.append(content);
  else if (content === null || content === undefined) {
    td.textContent = "null";
    td.classList.add("null");
  } else td.textContent = content;
  return td;
}

function row(id, cells) {
  const tr = document.createElement("tr");
  tr.dataset.id = id;
  tr.append(...cells);
  return tr;
}

// whenCell shows an RFC 3339 UTC time as its time of day over its date.
function whenCell(value) {
  const td = cell(value ? value.slice(11, 19) : null, "when mono");
  if (value) {
    td.title = value;
    const day = document.createElement("small");
    day.textContent = value.slice(0, 10) + " UTC";
    td.append(day);
  }
  return td;
}

function tokenCell(token) {
  if (!token) return cell(null, "token-cell");
  const wrap = document.createElement("span");
  const code = document.createElement("span");
  code.className = "token";
  code.dataset.token = token;
  code.textContent = token;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "copy";
  button.textContent = "Copy";
  button.setAttribute("aria-label", "Copy token " + token);
  button.addEventListener("click", () => copyToken(token, button));
  wrap.append(code, button);
  return cell(wrap, "token-cell");
}

function smsRow(m) {
  return row(m.id, [
    whenCell(m.sent_at),
    cell(m.to, "mono"),
    tokenCell(m.token),
    cell(m.body),
    cell(m.customer_id, "mono"),
  ]);
}

function customerRow(c) {
  const confirmed = c.confirmed_at !== null;
  const pill = document.createElement("span");
  pill.className = "pill " + (confirmed ? "confirmed" : "pending");
  pill.textContent = confirmed ? "confirmed" : "pending";
  const name = [c.first_name, c.last_name].filter((part) => part).join(" ");
  return row(c.id, [
    whenCell(c.created_at),
    cell(c.id, "mono"),
    cell(confirmed ? c.phone_number : c.unconfirmed_phone_number, "mono"),
    cell(pill),
    tokenCell(c.confirmation_token),
    cell(name || null),
    cell(c.email),
  ]);
}

// copyToken uses the Clipboard API where the browser allows it (secure
// contexts, which include http://127.0.0.1) and falls back to a selected
// text area elsewhere.
async function copyToken(token, button) {
  let copied = false;
  try {
    if (navigator.clipboard) {
      await navigator.clipboard.writeText(token);
      copied = true;
    }
  } catch (err) {
    copied = false;
  }
  if (!copied) copied = copyWithSelection(token);
  button.textContent = copied ? "Copied" : "Select and copy";
  if (copied) button.dataset.copied = "";
  setTimeout(() => {
    button.textContent = "Copy";
    delete button.dataset.copied;
  }, 1500);
}

function copyWithSelection(text) {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "offscreen";
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch (err) {
    ok = false;
  }
  area.remove();
  return ok;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem(storageKey, keyInput.value.trim());
  seen.sms = null;
  seen.customers = null;
  connect();
});

el("forget").addEventListener("click", () => {
  sessionStorage.removeItem(storageKey);
  keyInput.value = "";
  disconnect();
  render({ sms: [], sms_total: 0, customers: [], customers_total: 0 });
  seen.sms = null;
  seen.customers = null;
  setStatus("idle", "Not connected");
});

const saved = sessionStorage.getItem(storageKey);
if (saved !== null) {
  keyInput.value = saved;
  connect();
}
