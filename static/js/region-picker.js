// Region picker: choosing a province, kabupaten/kota or kecamatan reloads the form with the
// next level's choices (the same "refresh" button a browser without JavaScript shows).
(function () {
  var fields = ["province_code", "region_code", "district_code"];
  var refresh = document.querySelector("button[name=refresh]");
  if (!refresh) return;
  refresh.hidden = true;
  fields.forEach(function (name, index) {
    var select = document.getElementById(name);
    if (!select) return;
    select.addEventListener("change", function () {
      // Lower levels no longer apply once a higher one changes.
      fields.slice(index + 1).concat(["village_code"]).forEach(function (lower) {
        var el = document.getElementById(lower);
        if (el) el.value = "";
      });
      refresh.click();
    });
  });
})();
