// Search helpers. Everything works without this file: the search box submits and the filter
// panel opens by tapping "Filter".
(function () {
  // Header autocomplete: fill a <datalist> from /cari/saran as the shopper types.
  var input = document.getElementById("site-search");
  var list = document.getElementById("site-search-suggestions");
  if (input && list && window.fetch) {
    var timer = null;
    var last = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { list.replaceChildren(); last = ""; return; }
      if (q === last) return;
      timer = setTimeout(function () {
        last = q;
        fetch(list.dataset.url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
          .then(function (data) {
            if (input.value.trim() !== q) return; // typed on meanwhile
            list.replaceChildren.apply(list, data.suggestions.map(function (s) {
              var option = document.createElement("option");
              option.value = s.label;
              return option;
            }));
          })
          .catch(function () {});
      }, 250);
    });
  }
  // On a wide screen the filters sit beside the results, open.
  if (window.matchMedia("(min-width: 64rem)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
  }
})();
