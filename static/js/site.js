// Site script, one file for every page. Search as you type: arrow keys move through the
// suggestions (a combobox + listbox), Enter opens the chosen one, Escape closes the list.
// Without this file the box is a plain form.
(function () {
  function setup(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var active = -1;
    function options() { return Array.prototype.slice.call(list.querySelectorAll('[role="option"]')); }
    function select(index) {
      var opts = options();
      active = index;
      opts.forEach(function (opt, i) { opt.setAttribute("aria-selected", i === index ? "true" : "false"); });
      if (index >= 0 && opts[index]) {
        input.setAttribute("aria-activedescendant", opts[index].id);
        opts[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function show(open) {
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      if (!open) select(-1);
    }
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.detail.target !== list) return;
      active = -1;
      show(options().length > 0 && input.value.trim() !== "");
    });
    input.addEventListener("input", function () { if (input.value.trim() === "") show(false); });
    input.addEventListener("keydown", function (event) {
      var opts = options();
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!opts.length) return;
        event.preventDefault();
        if (list.hidden) show(true);
        var next = active + (event.key === "ArrowDown" ? 1 : -1);
        select(next >= opts.length ? 0 : next < 0 ? opts.length - 1 : next);
      } else if (event.key === "Enter" && !list.hidden && active >= 0 && opts[active]) {
        var link = opts[active].querySelector("a");
        if (link) { event.preventDefault(); window.location.assign(link.href); }
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        show(false);
      }
    });
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var option = event.target.closest('[role="option"]');
      var link = option && option.querySelector("a");
      if (link && event.target.closest("a") !== link) window.location.assign(link.href);
    });
    input.addEventListener("blur", function () { show(false); });
  }
  document.querySelectorAll("[data-search-combobox]").forEach(setup);
})();

// The phone menu is a <details>: it works without this. With it, Escape and a tap outside close it.
(function () {
  var menu = document.querySelector(".site-menu");
  if (!menu) return;
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.open) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (menu.open && !menu.contains(event.target)) menu.open = false;
  });
})();

// htmx failures in words. On a server error (5xx), a timeout (htmx-config in base.html) or a
// dropped connection, htmx swaps nothing, so what the learner typed stays in the form; a status
// line inside that form (or just after the element that asked) says what happened. The next
// successful request from the same place clears it.
(function () {
  function message(kind, status, writing, typed) {
    var kept = typed ? " Your text is still here." : "";
    if (kind === "network") {
      return writing ? "Could not reach the server; nothing was saved." + kept + " Try again."
        : "Could not reach the server. Check your connection and try again.";
    }
    if (kind === "timeout") {
      return (writing ? "The server took too long to answer, so this may not have been saved." + kept
        : "The server took too long to answer.") + " Try again in a moment.";
    }
    if (status === 503) {
      return (writing ? "The site is too busy right now; nothing was saved." + kept
        : "The site is too busy right now.") + " Try again in a moment.";
    }
    if (status >= 500) {
      return (writing ? "Something went wrong on our side, so this may not have been saved." + kept
        : "Something went wrong on our side.") + " Try again in a moment.";
    }
    return "This could not be done (error " + status + ")." + kept + " Reload the page and try again.";
  }

  function placeOf(elt) { return elt.closest("form") || elt; }

  function hasTypedText(place) {
    if (place.tagName !== "FORM") return false;
    return Array.prototype.some.call(place.elements, function (field) {
      var typing = field.tagName === "TEXTAREA" ||
        (field.tagName === "INPUT" && /^(text|search|email|url)$/.test(field.type));
      return typing && field.value.trim() !== "";
    });
  }

  function existing(place) {
    if (place.tagName === "FORM") return place.querySelector(":scope > .htmx-failure");
    var next = place.nextElementSibling;
    return next && next.classList.contains("htmx-failure") ? next : null;
  }

  function clear(elt) {
    if (!elt || !elt.isConnected || !elt.closest) return;
    var box = existing(placeOf(elt));
    if (box) box.remove();
  }

  function show(event, kind) {
    var detail = event.detail || {};
    var elt = detail.elt || event.target;
    if (!elt || !elt.isConnected || !elt.closest) return;
    var verb = ((detail.requestConfig && detail.requestConfig.verb) || "get").toLowerCase();
    var status = detail.xhr ? detail.xhr.status : 0;
    var place = placeOf(elt);
    clear(elt);
    // A fresh element each time, so a screen reader announces a repeated failure again.
    var box = document.createElement("span");
    box.className = "htmx-failure";
    box.setAttribute("role", "alert");
    box.textContent = message(kind, status, verb !== "get", verb !== "get" && hasTypedText(place));
    if (place.tagName === "FORM") place.appendChild(box);
    else place.insertAdjacentElement("afterend", box);
  }

  document.addEventListener("htmx:responseError", function (event) { show(event, "status"); });
  document.addEventListener("htmx:sendError", function (event) { show(event, "network"); });
  document.addEventListener("htmx:timeout", function (event) { show(event, "timeout"); });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail && event.detail.successful) clear(event.detail.elt || event.target);
  });
})();
