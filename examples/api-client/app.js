// An example client for the Project Nexus API: plain fetch, no framework, no build step.
// It reads without credentials, and posts with `Authorization: Bearer <token>`.
"use strict";

const $ = (id) => document.getElementById(id);
let nextPage = null;
let current = null; // the challenge shown

function apiBase() {
  return $("api-base").value.replace(/\/+$/, "") + "/api/v1";
}

function say(text, isError = false) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

// Every error from the API is an RFC 9457 problem: {title, status, detail, errors?}.
async function call(url, options = {}) {
  let response;
  try {
    response = await fetch(url, options);
  } catch (error) {
    throw new Error(
      "Could not reach the API. Is the address right, and is this page's origin in the hub's " +
        "NEXUS_API_CORS_ORIGINS?"
    );
  }
  const body = response.status === 204 ? null : await response.json();
  if (!response.ok) {
    const fields = body && body.errors ? " " + Object.values(body.errors).flat().join(" ") : "";
    throw new Error(`${body ? body.detail : response.statusText}${fields}`);
  }
  return body;
}

function item(text, extra) {
  const li = document.createElement("li");
  li.textContent = text;
  if (extra) li.append(extra);
  return li;
}

async function loadChallenges(url) {
  say("Loading challenges…");
  const page = await call(url);
  for (const challenge of page.results) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = challenge.title;
    button.addEventListener("click", () => show(challenge.url).catch((e) => say(e.message, true)));
    const li = document.createElement("li");
    const n = challenge.solution_count;
    li.append(button, ` (${n} solution${n === 1 ? "" : "s"}, ${challenge.status})`);
    $("challenges").append(li);
  }
  nextPage = page.next; // a cursor link: follow it as it is
  $("more").hidden = !nextPage;
  say(`${$("challenges").children.length} challenges loaded.`);
}

function commentLine(comment) {
  const who = comment.author ? comment.author.display_name : "(hidden)";
  return item(`${who}: ${comment.body ?? "This comment was hidden by a moderator."}`);
}

async function show(url) {
  current = await call(url);
  $("challenge").hidden = false;
  $("challenge-title").textContent = current.title;
  const when = new Date(current.created_at).toLocaleString();
  $("challenge-meta").textContent =
    `Asked by ${current.author.display_name} on ${when} · ${current.status}`;
  $("challenge-body").innerHTML = current.body_html; // sanitised by the hub (see index.html)
  $("comments").replaceChildren(...current.comments.map(commentLine));
  $("solutions").replaceChildren(
    ...current.solutions.map((solution) => {
      const who = solution.author ? solution.author.display_name : "(hidden)";
      const accepted = solution.is_accepted ? " ✔ accepted" : "";
      return item(`${who} (score ${solution.score}${accepted}): ${solution.body ?? "hidden"}`);
    })
  );
  say(`Showing “${current.title}”.`);
}

$("settings").addEventListener("submit", (event) => {
  event.preventDefault();
  $("challenges").replaceChildren();
  loadChallenges(`${apiBase()}/challenges/?status=open`).catch((e) => say(e.message, true));
});

$("more").addEventListener("click", () => {
  loadChallenges(nextPage).catch((e) => say(e.message, true));
});

$("comment-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const token = $("token").value.trim();
  if (!token) {
    say("Paste a token with the write scope to post.", true);
    return;
  }
  try {
    const comment = await call(`${apiBase()}/challenges/${current.id}/comments/`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify({ body: $("comment-body").value }),
    });
    $("comments").append(commentLine(comment));
    $("comment-body").value = "";
    say(comment.is_held ? "Posted: it waits for a moderator." : "Comment posted.");
  } catch (error) {
    say(error.message, true);
  }
});

// ?api=https://hub.example prefills the address (the tests point it at their own server).
const wanted = new URLSearchParams(location.search).get("api");
if (wanted) $("api-base").value = wanted;
