(function () {
  "use strict";
  var controls = document.getElementById("filter");
  var box = document.getElementById("filter-text");
  var family = document.getElementById("filter-family");
  var count = document.getElementById("filter-count");
  var cards = Array.prototype.slice.call(document.querySelectorAll("article.card"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("main > section"));
  var params = new URLSearchParams(window.location.search);
  box.value = params.get("q") || "";
  if (params.get("family")) { family.value = params.get("family"); }
  function matches(text, words) {
    return words.every(function (word) { return text.indexOf(word) !== -1; });
  }
  function apply() {
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    var chosen = family.value;
    var shown = 0;
    cards.forEach(function (card) {
      var ok = (!chosen || card.dataset.family === chosen) && matches(card.dataset.search, words);
      card.hidden = !ok;
      if (ok) { shown += 1; }
    });
    sections.forEach(function (section) {
      var anyCard = section.querySelector("article.card:not([hidden])") !== null;
      var familyOk = !chosen || section.dataset.family === chosen;
      var named = words.length > 0 && matches(section.dataset.search, words);
      section.hidden = !(familyOk && (anyCard || named || (words.length === 0 && !section.querySelector("article.card"))));
    });
    count.textContent = shown === cards.length ? "all " + cards.length + " functions"
      : shown + " of " + cards.length + " functions";
  }
  box.addEventListener("input", apply);
  family.addEventListener("change", apply);
  box.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { box.value = ""; apply(); }
  });
  // a family link to a section the filter hides shows everything again, then jumps there
  document.querySelectorAll("nav.families a").forEach(function (link) {
    link.addEventListener("click", function () {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (target && target.hidden) { box.value = ""; family.value = ""; apply(); }
    });
  });
  controls.hidden = false;
  apply();
})();
