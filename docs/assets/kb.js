/* Claim-kind filter: a row of toggles above the claims of a page. Without JavaScript every
   claim stays visible, so the page reads as a plain list. */
(function () {
  "use strict";
  var LABELS = {
    "fact": "Reported facts",
    "statement": "Statements",
    "assessment": "Assessments",
    "official-figure": "Official figures",
    "scenario": "Scenarios"
  };

  function setUp() {
    var claims = document.querySelectorAll(".kb-claim[data-kind]");
    if (!claims.length || document.querySelector(".kb-filter")) return;
    var present = {};
    claims.forEach(function (claim) { present[claim.dataset.kind] = (present[claim.dataset.kind] || 0) + 1; });
    var bar = document.createElement("div");
    bar.className = "kb-filter";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Show claims of these kinds");
    Object.keys(LABELS).forEach(function (kind) {
      if (!present[kind]) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "kb-filter__kind kb-kind kb-kind--" + kind;
      button.dataset.kind = kind;
      button.setAttribute("aria-pressed", "true");
      button.textContent = LABELS[kind] + " (" + present[kind] + ")";
      button.addEventListener("click", function () {
        var on = button.getAttribute("aria-pressed") !== "true";
        button.setAttribute("aria-pressed", on ? "true" : "false");
        document.querySelectorAll('.kb-claim[data-kind="' + kind + '"]').forEach(function (claim) {
          claim.hidden = !on;
        });
      });
      bar.appendChild(button);
    });
    claims[0].parentNode.insertBefore(bar, claims[0]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
