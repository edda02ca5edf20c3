// A search box above each long multiple select (partners, units): typing hides the options
// that do not match, chosen ones always stay visible.
(function () {
  "use strict";
  document.querySelectorAll("select[multiple][data-filter-placeholder]").forEach(function (select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1 select-filter";
    box.placeholder = select.dataset.filterPlaceholder;
    box.setAttribute("aria-label", select.dataset.filterPlaceholder);
    box.setAttribute("aria-controls", select.id);
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
      Array.prototype.forEach.call(select.options, function (option) {
        var text = option.text.toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        option.hidden = !(match || option.selected);
      });
    });
  });
})();
