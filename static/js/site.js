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
