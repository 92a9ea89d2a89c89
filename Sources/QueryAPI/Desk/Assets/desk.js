// The agent desk: finds a customer and shows their whole history, live.
//
// Everything a customer or an agent wrote is put on the page as text (textContent, never
// innerHTML), and the page runs under a Content-Security-Policy without inline scripts.
// Reads go to the history API of the same origin. With credentials configured, the first
// 401 shows a sign-in form; the credential is kept for the tab (sessionStorage) and sent as
// HTTP Basic with every read. Requests leave the browser's own credential prompt out
// (credentials: "omit"), so a 401 always reaches the page.
"use strict";

const PAGE_SIZE = 50;
const SEARCH_PAGE_SIZE = 20;
const RETRY_SECONDS = [2, 4, 8, 15, 30];

const $ = (id) => document.getElementById(id);

/** A failed read, with the state the status line shows for it. */
class DeskError extends Error {
  constructor(kind, message, retryable) {
    super(message);
    this.kind = kind;
    this.retryable = retryable;
  }
}

const state = {
  customerId: null,
  customer: null,
  filters: { type: "", channel: "", from: "", to: "" },
  cursor: null,
  done: false,
  loading: false,
  generation: 0,
  seen: new Set(),
  count: 0,
  stream: null,
  streamAfter: null,
  conversationId: null,
  conversationCursor: null,
  searchText: "",
  searchCursor: null,
  retries: 0,
};

// MARK: Reading the API

const CREDENTIAL_KEY = "cxstore.desk.credential";

function authorization() {
  const credential = sessionStorage.getItem(CREDENTIAL_KEY);
  return credential ? { Authorization: "Basic " + credential } : {};
}

/** Keeps `account:token` for the tab, base64 of its UTF-8 bytes as HTTP Basic wants. */
function keepCredential(account, token) {
  const bytes = new TextEncoder().encode(`${account}:${token}`);
  sessionStorage.setItem(CREDENTIAL_KEY, btoa(String.fromCharCode(...bytes)));
}

async function request(path, headers) {
  try {
    return await fetch(path, { headers: { ...headers, ...authorization() }, credentials: "omit" });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new DeskError("offline", "Connection to the store lost — retrying…", true);
  }
}

async function refusal(response) {
  const problem = await response.json().catch(() => ({}));
  const detail = problem.detail || problem.title || response.statusText;
  switch (response.status) {
    case 401:
      $("sign-in").hidden = false;
      $("sign-in-account").focus();
      return new DeskError("unauthorized", "Sign-in needed (401): " + detail, false);
    case 403:
      return new DeskError("forbidden", "Not allowed (403): " + detail, false);
    case 404:
      return new DeskError("not-found", "Not found (404): " + detail, false);
    case 503:
      return new DeskError("catching-up", "The store is catching up (503) — retrying…", true);
    default:
      return new DeskError("failed", `The store answered ${response.status}: ${detail}`, response.status >= 500);
  }
}

async function api(path) {
  const response = await request(path, { Accept: "application/json" });
  if (!response.ok) throw await refusal(response);
  $("tenant").textContent = response.headers.get("CX-Tenant") || "";
  state.scopes = (response.headers.get("CX-Scopes") || "").split(",");
  return { body: await response.json(), position: response.headers.get("CX-Applied-Position") };
}

function setStatus(kind, text) {
  const status = $("status");
  status.dataset.state = kind;
  status.textContent = text;
}

/** Runs `action`, showing a loading state, and retries it with back-off when it may succeed later. */
async function withStatus(label, action) {
  setStatus("loading", label);
  try {
    const result = await action();
    state.retries = 0;
    setStatus("idle", "");
    return result;
  } catch (error) {
    if (!(error instanceof DeskError)) throw error;
    if (error.retryable) {
      const seconds = RETRY_SECONDS[Math.min(state.retries, RETRY_SECONDS.length - 1)];
      state.retries += 1;
      setStatus("waiting", `${error.message} (in ${seconds} s)`);
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      return withStatus(label, action);
    }
    setStatus("error", error.message);
    return undefined;
  }
}

function query(parameters) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== null && value !== undefined && value !== "") search.set(name, value);
  }
  return search.toString();
}

// MARK: Showing things as text

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function formatTime(milliseconds) {
  if (milliseconds === null || milliseconds === undefined) return "—";
  return new Date(milliseconds).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

function timeElement(milliseconds) {
  const node = element("time", "time", formatTime(milliseconds));
  node.dateTime = new Date(milliseconds).toISOString();
  return node;
}

function customerName(customer) {
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(" ");
  return name || customer.identities.map((identity) => identity.channelCustomerIdentifier)[0] || customer.customerId;
}

const KINDS = {
  CUSTOMER: ["customer", "❝"],
  CONNECTOR: ["customer", "❝"],
  AGENT: ["agent", "✎"],
  BOT: ["agent", "⚙"],
  IVR: ["ivr", "☰"],
  APP: ["app", "⧉"],
  SYSTEM: ["system", "ⓘ"],
};

/** The kind (for colour) and glyph of an activity, by its body and sender. */
function iconOf(activity) {
  const body = (activity.message && activity.message.body) || {};
  if (body.type === "IVR_AGGREGATED_ACTIVITY") return ["ivr", "☰"];
  if (body.type === "VOICE" || activity.type.startsWith("CALL_")) return ["call", "☎"];
  if (body.type === "EMAIL") return ["customer", "✉"];
  if (body.type === "WRAPUP") return ["agent", "⚑"];
  if (activity.type === "THIRD_PARTY_ACTIVITY") return ["app", "⧉"];
  return KINDS[activity.sender.type] || ["system", "•"];
}

const TICKS = { SENT: "✓", DELIVERED: "✓✓", READ: "✓✓", FAILED: "✗" };

function humanize(constant) {
  const words = String(constant).toLowerCase().split("_");
  return words.join(" ").replace(/^./, (first) => first.toUpperCase());
}

/** The element of one activity: icon, sender, time, channel, text and what its type adds. */
function activityElement(activity) {
  const item = element("li", "activity");
  item.dataset.messageId = activity.messageId;
  item.dataset.type = activity.type;
  item.dataset.position = activity.position;
  item.tabIndex = 0;
  const [kind, glyph] = iconOf(activity);
  const icon = element("span", "icon", glyph);
  icon.dataset.kind = kind;
  icon.setAttribute("aria-hidden", "true");
  item.append(icon);

  const body = element("div", "body");
  const meta = element("div", "meta");
  meta.append(element("span", "sender", activity.sender.name || activity.sender.id));
  meta.append(element("span", "badge", humanize(activity.sender.type)));
  meta.append(timeElement(activity.occurredAt));
  if (activity.serviceIdentifier) meta.append(element("span", "channel", "via " + activity.serviceIdentifier));
  if (activity.deliveryStatus) {
    const ticks = element("span", "ticks", TICKS[activity.deliveryStatus] || "•");
    ticks.dataset.status = activity.deliveryStatus;
    ticks.title = humanize(activity.deliveryStatus);
    ticks.setAttribute("aria-label", humanize(activity.deliveryStatus));
    meta.append(ticks);
  }
  body.append(meta);

  const message = activity.message || {};
  const content = message.body || {};
  const text = content.markdownText && content.markdownText.trim() ? readableText(message, content.markdownText) : activity.summary;
  body.append(element("p", "text", text));
  appendTypeDetails(body, activity, content);
  item.append(body);
  item.setAttribute("aria-label", `${activity.sender.name || activity.sender.id}, ${formatTime(activity.occurredAt)}: ${text}`);
  return item;
}

/** The text a person reads: a message whose header says `additionalData.isEncoded` carries
 *  base64 (Expertflow's whispers and encoded channel messages); text that is not valid
 *  base64 of UTF-8 is shown as received. */
function readableText(message, text) {
  const additionalData = (message.header || {}).additionalData || {};
  if (additionalData.isEncoded !== true && additionalData.isEncoded !== "true") return text;
  try {
    const base64 = text.trim().replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "=")), (c) => c.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return text;
  }
}

function appendTypeDetails(body, activity, content) {
  if (content.type === "IVR_AGGREGATED_ACTIVITY" && Array.isArray(content.activities)) {
    const path = element("ol", "menu-path");
    path.setAttribute("aria-label", "IVR menu path");
    for (const visit of content.activities) {
      path.append(element("li", null, visit.selection ? `${visit.menu} (${visit.selection})` : visit.menu));
    }
    if (content.endDirection) path.append(element("li", null, content.endDirection === "TRANSFER" ? "transferred" : "ended in IVR"));
    body.append(path);
  } else if (content.type === "VOICE" && content.callId) {
    const call = element("p", "call");
    call.append(element("span", "badge", `Call ${content.callId}${content.leg ? " · leg " + content.leg : ""}`));
    call.append(" ");
    call.append(element("span", "call-state", humanize(activity.type)));
    body.append(call);
  } else if (activity.type === "THIRD_PARTY_ACTIVITY") {
    const details = element("dl", "details");
    details.append(element("dt", null, "App activity"), element("dd", null, humanize(content.type || "activity")));
    for (const [name, value] of Object.entries(content)) {
      if (name === "type" || name === "markdownText" || value === null || typeof value === "object") continue;
      details.append(element("dt", null, name), element("dd", null, value));
    }
    body.append(details);
  }
}

// MARK: The timeline

function matchesFilters(activity) {
  const filters = state.filters;
  if (filters.type && activity.type !== filters.type) return false;
  if (filters.channel && activity.serviceIdentifier !== filters.channel) return false;
  if (filters.from && activity.occurredAt < Date.parse(filters.from)) return false;
  if (filters.to && activity.occurredAt >= Date.parse(filters.to) + 86400000) return false;
  return true;
}

function groupElement(conversationId) {
  const group = element("section", "conversation-group");
  group.dataset.conversationId = conversationId || "";
  const header = element("header");
  header.append(element("span", null, conversationId ? "Conversation " + conversationId : "Outside any conversation"));
  if (conversationId) {
    const open = element("button", "link", "Open conversation");
    open.type = "button";
    open.addEventListener("click", () => openConversation(conversationId));
    header.append(open);
  }
  group.append(header, element("ol", "activities"));
  return group;
}

/** Adds activities at the end (older pages) or at the start (live), grouped by conversation. */
function placeActivities(activities, atStart) {
  const timeline = $("timeline");
  const ordered = atStart ? [...activities].reverse() : activities;
  for (const activity of ordered) {
    if (state.seen.has(activity.messageId)) continue;
    state.seen.add(activity.messageId);
    state.count += 1;
    const item = activityElement(activity);
    const conversation = activity.conversationId || "";
    const edge = atStart ? timeline.firstElementChild : timeline.lastElementChild;
    let group = edge && edge.dataset.conversationId === conversation ? edge : null;
    if (!group) {
      group = groupElement(activity.conversationId);
      if (atStart) timeline.prepend(group);
      else timeline.append(group);
    }
    const list = group.querySelector("ol");
    if (atStart) {
      item.classList.add("fresh");
      list.prepend(item);
    } else {
      list.append(item);
    }
  }
}

function timelinePath() {
  const filters = state.filters;
  return `/v1/customers/${encodeURIComponent(state.customerId)}/activities?` +
    query({
      limit: PAGE_SIZE,
      cursor: state.cursor,
      type: filters.type,
      serviceIdentifier: filters.channel,
      from: filters.from ? Date.parse(filters.from) : "",
      to: filters.to ? Date.parse(filters.to) + 86400000 : "",
    });
}

async function loadOlder() {
  if (state.loading || state.done || !state.customerId) return;
  state.loading = true;
  const generation = state.generation;
  $("timeline-loading").hidden = false;
  const page = await withStatus("Loading the history…", () => api(timelinePath()));
  if (generation !== state.generation) return;
  state.loading = false;
  $("timeline-loading").hidden = true;
  if (!page) return;
  placeActivities(page.body.activities, false);
  state.cursor = page.body.nextCursor;
  state.done = !state.cursor;
  const end = $("timeline-end");
  end.hidden = !state.done;
  end.textContent = state.done ? `Beginning of the history · ${state.count} activit${state.count === 1 ? "y" : "ies"} shown` : "";
  $("timeline").dataset.complete = String(state.done);
  if (!state.done && sentinelVisible()) loadOlder();
}

function sentinelVisible() {
  const sentinel = $("sentinel").getBoundingClientRect();
  const pane = $("history").getBoundingClientRect();
  return sentinel.top <= pane.bottom + 200;
}

function resetTimeline() {
  state.generation += 1;
  state.cursor = null;
  state.done = false;
  state.loading = false;
  state.seen = new Set();
  state.count = 0;
  $("timeline").replaceChildren();
  $("timeline").dataset.complete = "false";
  $("timeline-end").hidden = true;
}

// MARK: Live updates

/**
 * Follows the customer's stream (Server-Sent Events read with fetch, so that it carries the
 * credential), from log position `after`; after a drop it reconnects with `Last-Event-ID`,
 * the position of the last activity it got, so nothing is missed or shown twice.
 */
async function followStream(after) {
  closeStream();
  const controller = new AbortController();
  state.stream = controller;
  state.streamAfter = after;
  const customerId = state.customerId;
  let failures = 0;
  while (!controller.signal.aborted) {
    try {
      const headers = { Accept: "text/event-stream" };
      if (state.streamAfter) headers["Last-Event-ID"] = state.streamAfter;
      const response = await fetch(`/v1/customers/${encodeURIComponent(customerId)}/stream`, {
        headers: { ...headers, ...authorization() }, credentials: "omit", signal: controller.signal,
      });
      if (!response.ok) throw await refusal(response);
      setLive("on", "Live");
      failures = 0;
      await readEvents(response.body, controller.signal);
      setLive("retrying", "Live updates interrupted — reconnecting…");
    } catch (error) {
      if (controller.signal.aborted) return;
      failures += 1;
      const retryable = !(error instanceof DeskError) || error.retryable;
      setLive("retrying", retryable ? "Live updates interrupted — reconnecting…" : error.message);
      if (!retryable) return;
    }
    const seconds = RETRY_SECONDS[Math.min(failures, RETRY_SECONDS.length - 1)];
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  }
}

async function readEvents(body, signal) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  signal.addEventListener("abort", () => reader.cancel().catch(() => {}));
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = { id: null, type: "message", data: [] };
      for (const line of block.split("\n")) {
        const colon = line.indexOf(":");
        if (colon === 0) continue;
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "id") event.id = text;
        else if (field === "event") event.type = text;
        else if (field === "data") event.data.push(text);
      }
      if (event.id) state.streamAfter = event.id;
      if (event.type === "activity" && event.data.length) showLiveActivity(JSON.parse(event.data.join("\n")));
    }
  }
}

function showLiveActivity(activity) {
  if (state.conversationId && activity.conversationId === state.conversationId) appendToConversation([activity]);
  if (matchesFilters(activity)) placeActivities([activity], true);
  if (state.customer) {
    state.customer.activityCount += 1;
    state.customer.lastActivityAt = Math.max(state.customer.lastActivityAt || 0, activity.occurredAt);
    showCustomer(state.customer);
  }
}

function closeStream() {
  if (state.stream) state.stream.abort();
  state.stream = null;
}

function setLive(kind, text) {
  const live = $("live-state");
  live.dataset.state = kind;
  live.textContent = text;
}

// MARK: A customer

function showCustomer(customer) {
  $("welcome").hidden = true;
  $("customer-card").hidden = false;
  $("filters").hidden = false;
  $("customer-name").textContent = customerName(customer);
  $("customer-id").textContent = `Customer ${customer.customerId}${customer.derived ? " (known by channel identity only)" : ""}`;
  $("customer-count").textContent = String(customer.activityCount);
  $("customer-first").textContent = formatTime(customer.firstActivityAt);
  $("customer-last").textContent = formatTime(customer.lastActivityAt);
  const identities = customer.identities.map((identity) => {
    const item = element("li", null, identity.channelCustomerIdentifier);
    if (identity.serviceIdentifier) item.append(element("span", "muted", " · " + identity.serviceIdentifier));
    return item;
  });
  $("customer-identities").replaceChildren(...identities);
  const channels = $("filter-channel");
  const known = new Set([...channels.options].map((option) => option.value));
  for (const identity of customer.identities) {
    if (identity.serviceIdentifier && !known.has(identity.serviceIdentifier)) {
      channels.append(new Option(identity.serviceIdentifier, identity.serviceIdentifier));
      known.add(identity.serviceIdentifier);
    }
  }
}

/** Downloads the open customer's export (`GET /v1/customers/{id}/export`) as a file. */
async function exportCustomer() {
  const customerId = state.customerId;
  const response = await withStatus("Exporting the history…", async () => {
    const answer = await request(`/v1/customers/${encodeURIComponent(customerId)}/export`, { Accept: "application/x-ndjson" });
    if (!answer.ok) throw await refusal(answer);
    return answer;
  });
  if (!response) return;
  const link = element("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = `customer-${customerId}.ndjson`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

async function openCustomer(customerId, conversationId) {
  closeStream();
  closeConversation(false);
  state.customerId = customerId;
  resetTimeline();
  const found = await withStatus("Loading the customer…", () => api(`/v1/customers/${encodeURIComponent(customerId)}`));
  if (!found || state.customerId !== customerId) return;
  state.customer = found.body;
  state.customerId = found.body.customerId;
  showCustomer(found.body);
  // The export is offered to a credential with the admin scope (access and portability).
  $("customer-export").hidden = !(state.scopes || []).includes("admin");
  const url = new URL(location.href);
  url.searchParams.set("customer", state.customerId);
  if (!conversationId) url.searchParams.delete("conversation");
  history.replaceState(null, "", url);
  followStream(found.position);
  await loadOlder();
  if (conversationId) openConversation(conversationId);
}

function reloadWithFilters() {
  const form = $("filters");
  state.filters = {
    type: form.elements.type.value,
    channel: form.elements.channel.value,
    from: form.elements.from.value,
    to: form.elements.to.value,
  };
  resetTimeline();
  loadOlder();
}

// MARK: One conversation

async function openConversation(conversationId) {
  state.conversationId = conversationId;
  state.conversationCursor = null;
  $("conversation-activities").replaceChildren();
  $("conversation").hidden = false;
  $("timeline-view").hidden = true;
  const url = new URL(location.href);
  url.searchParams.set("conversation", conversationId);
  history.replaceState(null, "", url);
  await loadConversationPage();
  $("conversation-close").focus();
}

async function loadConversationPage() {
  const conversationId = state.conversationId;
  const path = `/v1/conversations/${encodeURIComponent(conversationId)}?` + query({ limit: PAGE_SIZE, cursor: state.conversationCursor });
  const page = await withStatus("Loading the conversation…", () => api(path));
  if (!page || state.conversationId !== conversationId) return;
  const conversation = page.body.conversation;
  $("conversation-title").textContent = `Conversation ${conversation.conversationId} · ${humanize(conversation.status)}`;
  const facts = [
    `${conversation.activityCount} activities`,
    `from ${formatTime(conversation.firstActivityAt)} to ${formatTime(conversation.lastActivityAt)}`,
    conversation.channels.length ? "channels " + conversation.channels.join(", ") : null,
    conversation.closedReason ? "closed by " + humanize(conversation.closedReason) : null,
    ...conversation.wrapUps.map((wrapUp) => `wrap-up ${wrapUp.categoryName || ""} ${wrapUp.value}`.trim()),
  ];
  $("conversation-facts").textContent = facts.filter(Boolean).join(" · ");
  appendToConversation(page.body.activities);
  state.conversationCursor = page.body.nextCursor;
  $("conversation-more").hidden = !state.conversationCursor;
}

function appendToConversation(activities) {
  const list = $("conversation-activities");
  const present = new Set([...list.children].map((item) => item.dataset.messageId));
  for (const activity of activities) {
    if (!present.has(activity.messageId)) list.append(activityElement(activity));
  }
}

function closeConversation(focus) {
  if (!state.conversationId) return;
  state.conversationId = null;
  $("conversation").hidden = true;
  $("timeline-view").hidden = false;
  const url = new URL(location.href);
  url.searchParams.delete("conversation");
  history.replaceState(null, "", url);
  if (focus) $("timeline").querySelector(".activity")?.focus();
}

// MARK: Search

function snippetElement(parts) {
  const line = element("span", "detail");
  for (const part of parts) line.append(part.match ? element("mark", null, part.text) : document.createTextNode(part.text));
  return line;
}

function resultButton(title, detail, onChoose) {
  const item = element("li");
  const button = element("button", null);
  button.type = "button";
  button.append(element("span", "title", title));
  if (detail) button.append(detail);
  button.addEventListener("click", onChoose);
  item.append(button);
  return item;
}

async function runSearch(text) {
  state.searchText = text;
  state.searchCursor = null;
  const results = await withStatus("Searching…", async () => {
    const [customers, activities] = await Promise.all([
      api("/v1/customers?" + query({ q: text, limit: 10 })),
      api("/v1/search?" + query({ q: text, limit: SEARCH_PAGE_SIZE })),
    ]);
    return { customers: customers.body.customers, activities: activities.body };
  });
  if (!results || state.searchText !== text) return;
  const named = results.customers.filter((customer) => namesExactly(customer, text));
  if (named.length === 1) {
    $("results").hidden = true;
    openCustomer(named[0].customerId);
    return;
  }
  $("results").hidden = false;
  const customers = results.customers.map((customer) =>
    resultButton(
      customerName(customer),
      element("span", "detail", [...new Set([customer.customerId, ...customer.identities.map((identity) => identity.channelCustomerIdentifier)])].join(" · ")),
      () => openCustomer(customer.customerId),
    ),
  );
  if (customers.length === 0) customers.push(element("li", "muted", "No customer matches."));
  $("customer-results").replaceChildren(...customers);
  $("activity-results").replaceChildren();
  showActivityResults(results.activities);
  $("customer-results").querySelector("button")?.focus();
}

/** Whether `text` is exactly the customer's id or one of its identities: a phone number
 *  written with or without spaces, dashes and brackets, an e-mail in any case. */
function namesExactly(customer, text) {
  const wanted = text.trim();
  const phone = /^\+?[\d\s().-]+$/.test(wanted) ? wanted.replace(/[\s().-]/g, "") : null;
  const values = [customer.customerId, ...customer.identities.map((identity) => identity.channelCustomerIdentifier)];
  return values.some((value) =>
    value && (value === wanted || value.toLowerCase() === wanted.toLowerCase() || (phone && value.replace(/[\s().-]/g, "") === phone)),
  );
}

function showActivityResults(page) {
  const list = $("activity-results");
  for (const activity of page.activities) {
    const detail = snippetElement(activity.snippet);
    detail.prepend(document.createTextNode(formatTime(activity.occurredAt) + " · "));
    const item = resultButton(activity.sender.name || activity.sender.id, detail, () =>
      openCustomer(activity.customerId, activity.conversationId),
    );
    item.dataset.messageId = activity.messageId;
    list.append(item);
  }
  if (list.children.length === 0) list.append(element("li", "muted", "No activity matches."));
  state.searchCursor = page.nextCursor;
  $("more-results").hidden = !state.searchCursor;
}

async function moreSearchResults() {
  const text = state.searchText;
  const page = await withStatus("Searching…", () =>
    api("/v1/search?" + query({ q: text, limit: SEARCH_PAGE_SIZE, cursor: state.searchCursor })),
  );
  if (page && state.searchText === text) showActivityResults(page.body);
}

// MARK: Keyboard

function moveFocus(selector, step) {
  const items = [...document.querySelectorAll(selector)].filter((item) => item.offsetParent !== null);
  const index = items.indexOf(document.activeElement);
  const next = items[Math.max(0, Math.min(items.length - 1, index + step))];
  if (next) {
    next.focus();
    next.scrollIntoView({ block: "nearest" });
  }
}

function onKey(event) {
  const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement;
  if (event.key === "/" && !typing) {
    event.preventDefault();
    $("search").focus();
  } else if (event.key === "Escape" && state.conversationId) {
    closeConversation(true);
  } else if (!typing && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
    const step = event.key === "ArrowDown" ? 1 : -1;
    if (document.activeElement.closest("#results")) {
      event.preventDefault();
      moveFocus("#results .result-list button", step);
    } else if (document.activeElement.classList.contains("activity")) {
      event.preventDefault();
      moveFocus(".activity", step);
    }
  }
}

// MARK: Start

function start() {
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("search").value.trim();
    if (text) runSearch(text);
  });
  $("more-results").addEventListener("click", moreSearchResults);
  $("customer-export").addEventListener("click", exportCustomer);
  $("filters").addEventListener("change", reloadWithFilters);
  $("filters").addEventListener("reset", () => setTimeout(reloadWithFilters));
  $("conversation-close").addEventListener("click", () => closeConversation(true));
  $("conversation-more").addEventListener("click", loadConversationPage);
  document.addEventListener("keydown", onKey);
  new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) loadOlder();
  }, { root: $("history"), rootMargin: "200px" }).observe($("sentinel"));
  $("history").addEventListener("scroll", () => sentinelVisible() && loadOlder(), { passive: true });
  $("sign-in").addEventListener("submit", (event) => {
    event.preventDefault();
    keepCredential($("sign-in-account").value, $("sign-in-token").value);
    $("sign-in").reset();
    $("sign-in").hidden = true;
    if (state.customerId) openCustomer(state.customerId, state.conversationId);
    else if (state.searchText) runSearch(state.searchText);
    else setStatus("idle", "");
  });

  const types = ["CUSTOMER_MESSAGE", "AGENT_MESSAGE", "BOT_MESSAGE", "IVR_AGGREGATED_ACTIVITY", "VOICE_ACTIVITY", "CALL_LEG_STARTED",
    "CALL_LEG_ENDED", "WRAPUP_APPLIED", "THIRD_PARTY_ACTIVITY", "CHANNEL_SESSION_STARTED", "CHANNEL_SESSION_ENDED", "MESSAGE_DELETED"];
  for (const type of types) $("filter-type").append(new Option(humanize(type), type));

  const parameters = new URLSearchParams(location.search);
  const customer = parameters.get("customer");
  if (customer) openCustomer(customer, parameters.get("conversation"));
  else $("search").focus();
}

start();
