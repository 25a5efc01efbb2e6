// Filters the document library by type and issuer in the browser. Without this script the
// form stays hidden and the whole list is shown.
(function () {
  "use strict";
  var form = document.querySelector("form.doc-filters");
  if (!form) return;
  var selects = form.querySelectorAll("select[data-filter]");
  var items = document.querySelectorAll(".doc-list li[data-type]");
  var years = document.querySelectorAll(".doc-year");
  var status = form.querySelector(".doc-filter-status");
  var template = form.getAttribute("data-status") || "{shown}/{total}";

  function apply() {
    var wanted = {};
    for (var s = 0; s < selects.length; s++) wanted[selects[s].getAttribute("data-filter")] = selects[s].value;
    var shown = 0;
    for (var i = 0; i < items.length; i++) {
      var ok = (!wanted.type || items[i].getAttribute("data-type") === wanted.type) &&
               (!wanted.issuer || items[i].getAttribute("data-issuer") === wanted.issuer);
      items[i].hidden = !ok;
      if (ok) shown++;
    }
    for (var y = 0; y < years.length; y++)
      years[y].hidden = years[y].querySelector("li[data-type]:not([hidden])") === null;
    if (status)
      status.textContent = template.replace("{shown}", String(shown)).replace("{total}", String(items.length));
  }

  for (var k = 0; k < selects.length; k++) selects[k].addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  form.hidden = false;
})();
