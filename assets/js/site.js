// Progressive enhancements only; every page works without this script.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "ttdn-text-size";
  // Text sizes, smallest first: a class on <html> that scales the rem-based layout
  // (assets/css/site.css); "" is the browser's own size.
  var SIZES = ["text-sm", "", "text-lg", "text-xl"];
  var current = 1;

  try {
    var saved = localStorage.getItem(KEY);
    if (saved && SIZES.indexOf(saved) > 0) current = SIZES.indexOf(saved);
  } catch (e) { /* storage may be disabled */ }

  function apply(index, save) {
    if (SIZES[current]) root.classList.remove(SIZES[current]);
    current = Math.max(0, Math.min(SIZES.length - 1, index));
    if (SIZES[current]) root.classList.add(SIZES[current]);
    if (save) {
      try {
        if (SIZES[current]) localStorage.setItem(KEY, SIZES[current]);
        else localStorage.removeItem(KEY);
      } catch (e) { /* the choice lasts for this page only */ }
    }
    var buttons = document.querySelectorAll("[data-text-size]");
    for (var i = 0; i < buttons.length; i++) {
      var step = buttons[i].getAttribute("data-text-size");
      // aria-disabled, not disabled: the button keeps the keyboard focus at either end.
      var end = (step === "smaller" && current === 0) || (step === "larger" && current === SIZES.length - 1);
      buttons[i].setAttribute("aria-disabled", String(end));
    }
  }
  apply(current, false);

  // The header's A− A A+ control: invisible (its room kept, so nothing moves) until this
  // script makes it work.
  function setUpTextSize() {
    var group = document.querySelector(".text-size");
    if (!group) return;
    group.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("[data-text-size]") : null;
      if (!button) return;
      var step = button.getAttribute("data-text-size");
      apply(step === "smaller" ? current - 1 : step === "larger" ? current + 1 : 1, true);
    });
    apply(current, false);
    group.classList.add("ready");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpTextSize);
  else setUpTextSize();
})();
