// The Global Partners directory: the search box filters the table as you type (the form still
// submits as a normal GET search without JavaScript).
(function () {
  "use strict";

  function fold(text) {
    return (text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\s+/g, " ").trim();
  }

  function setCount(heading, shown, filtering) {
    var count = heading && heading.querySelector(".count");
    if (!count) { return; }
    count.textContent = "(" + (filtering ? shown : count.dataset.count) + ")";
  }

  function init() {
    var input = document.querySelector("[data-directory-search]");
    var directory = document.querySelector("[data-directory]");
    var status = document.getElementById("directory-status");
    if (!input || !directory) { return; }
    var original = status ? status.textContent : "";
    var rows = Array.prototype.slice.call(directory.querySelectorAll("ul.institutions > li"));
    // What a row is found by: its own text, the names it does not show, and its country.
    var folded = new Map();
    rows.forEach(function (row) {
      var country = row.closest("[data-country]");
      var heading = country ? country.querySelector(".country-heading") : null;
      folded.set(row, fold([row.textContent, row.dataset.search || "",
        heading ? heading.textContent : ""].join(" | ")));
    });

    function apply() {
      var wanted = fold(input.value);
      var filtering = wanted.length > 0;
      var total = 0;
      directory.querySelectorAll("[data-continent]").forEach(function (continent) {
        var inContinent = 0;
        continent.querySelectorAll("[data-country]").forEach(function (country) {
          var inCountry = 0;
          country.querySelectorAll("ul.institutions > li").forEach(function (row) {
            var match = !filtering || folded.get(row).indexOf(wanted) !== -1;
            row.hidden = !match;
            if (match) { inCountry += 1; }
          });
          country.hidden = inCountry === 0;
          setCount(country.querySelector(".country-heading"), inCountry, filtering);
          inContinent += inCountry;
        });
        continent.hidden = inContinent === 0;
        setCount(continent.querySelector(".continent-heading"), inContinent, filtering);
        total += inContinent;
      });
      if (status) {
        if (!filtering) {
          status.textContent = original;
        } else if (total === 0) {
          status.textContent = status.dataset.matchNone;
        } else if (total === 1) {
          status.textContent = status.dataset.matchOne;
        } else {
          status.textContent = status.dataset.matchMany.replace("{n}", String(total));
        }
        // Some countries list only their first names: the server's search finds the rest.
        if (filtering && status.dataset.matchMore) {
          status.textContent += " " + status.dataset.matchMore;
        }
      }
    }

    input.addEventListener("input", apply);
    // A server-side search already filtered the page; typing again filters what is shown.
    if (rows.length && input.value) { apply(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
