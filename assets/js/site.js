// Progressive enhancements only; every page works without this script.
(function () {
  "use strict";
  var root = document.documentElement;
  try {
    var size = localStorage.getItem("ttdn-text-size");
    if (size) root.classList.add(size);
  } catch (e) { /* storage may be disabled */ }
})();
