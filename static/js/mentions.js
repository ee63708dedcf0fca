// @-mention autocomplete in comment boxes: type "@gr" and pick a learner from the list (arrow
// keys and Enter, or a click); Escape closes it. Without this file, @username typed in full
// still links when the comment is posted.
(function () {
  "use strict";
  var AT = /(^|[^\w@\/`\[])@([\w.+-]{1,30})$/;
  var list = null, box = null, match = null, active = -1, timer = null, seq = 0;

  function close() {
    if (list) { list.remove(); list = null; }
    // A textarea (role textbox) takes no aria-expanded: the list is tied to it by aria-controls
    // and aria-activedescendant only while it is open.
    if (box) { box.removeAttribute("aria-activedescendant"); box.removeAttribute("aria-controls"); }
    active = -1;
  }

  function choose(username) {
    var start = box.selectionStart - match.length;
    var before = box.value.slice(0, start), after = box.value.slice(box.selectionStart);
    box.value = before + "@" + username + " " + after;
    var caret = before.length + username.length + 2;
    box.setSelectionRange(caret, caret);
    close();
    box.focus();
  }

  function highlight(i) {
    var items = list ? list.querySelectorAll("[role=option]") : [];
    if (!items.length) return;
    active = (i + items.length) % items.length;
    items.forEach(function (el, k) {
      el.setAttribute("aria-selected", k === active ? "true" : "false");
    });
    box.setAttribute("aria-activedescendant", items[active].id);
  }

  function show(users) {
    close();
    if (!users.length) return;
    list = document.createElement("ul");
    list.className = "mention-list";
    // Its look is .mention-list in site.css (no inline styles under the Content-Security-Policy).
    list.id = box.id + "-mentions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Learners to mention");
    users.forEach(function (u, k) {
      var li = document.createElement("li");
      li.id = list.id + "-" + k;
      li.setAttribute("role", "option");
      li.textContent = "@" + u.username + (u.name && u.name !== u.username ? " · " + u.name : "");
      li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(u.username); });
      list.appendChild(li);
    });
    box.insertAdjacentElement("afterend", list);
    box.setAttribute("aria-controls", list.id);
    highlight(0);
  }

  document.addEventListener("input", function (e) {
    var el = e.target;
    if (!(el instanceof HTMLTextAreaElement) || !el.dataset.mentions) return;
    box = el;
    var found = AT.exec(el.value.slice(0, el.selectionStart));
    clearTimeout(timer);
    if (!found) { close(); return; }
    match = "@" + found[2];
    var mine = ++seq;
    timer = setTimeout(function () {
      fetch(el.dataset.mentions + "?q=" + encodeURIComponent(found[2]), {
        headers: { Accept: "application/json" }, credentials: "same-origin"
      }).then(function (r) { return r.ok ? r.json() : { users: [] }; })
        .then(function (data) { if (mine === seq) show(data.users || []); })
        .catch(close);
    }, 200);
  });

  document.addEventListener("keydown", function (e) {
    if (!list || e.target !== box) return;
    if (e.key === "ArrowDown") { e.preventDefault(); highlight(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); highlight(active - 1); }
    else if (e.key === "Escape") { e.preventDefault(); close(); }
    else if (e.key === "Enter" || e.key === "Tab") {
      var item = list.querySelectorAll("[role=option]")[active];
      if (item) { e.preventDefault(); choose(item.textContent.slice(1).split(" · ")[0]); }
    }
  });

  document.addEventListener("focusout", function (e) { if (e.target === box) setTimeout(close, 100); });
})();
