// Search-as-you-type for long choosers (people, partners): a select marked data-search-url
// carries only what is chosen; a search box above it asks the server for matches and offers
// them in the select. Chosen options always stay. Rows added to a form later get the box too.
(function () {
  "use strict";

  function offer(select, results) {
    Array.prototype.slice.call(select.options).forEach(function (option) {
      if (!option.selected && option.value !== "") { option.remove(); }
    });
    var present = {};
    Array.prototype.forEach.call(select.options, function (option) { present[option.value] = true; });
    results.forEach(function (row) {
      var value = String(row.id);
      if (!present[value]) { select.add(new Option(row.text, value)); }
    });
  }

  function attach(select) {
    if (select.dataset.searchReady) { return; }
    select.dataset.searchReady = "1";
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1 select-search";
    box.placeholder = select.dataset.searchPlaceholder || "";
    box.setAttribute("aria-label", box.placeholder);
    if (select.id) { box.setAttribute("aria-controls", select.id); }
    box.autocomplete = "off";
    select.parentNode.insertBefore(box, select);
    var timer = null;
    var asked = 0;
    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var mine = ++asked;
        var url = select.dataset.searchUrl + "?q=" + encodeURIComponent(box.value.trim());
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) { if (mine === asked) { offer(select, data.results || []); } })
          .catch(function () { /* offline: the chosen options stay */ });
      }, 250);
    });
  }

  function attachWithin(root) {
    if (root.matches && root.matches("select[data-search-url]")) { attach(root); }
    if (root.querySelectorAll) {
      root.querySelectorAll("select[data-search-url]").forEach(attach);
    }
  }

  function start() {
    attachWithin(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) { change.addedNodes.forEach(attachWithin); });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
