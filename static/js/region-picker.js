// Region picker: choosing a province, kabupaten/kota or kecamatan reloads the form with the
// next level's choices (the same "refresh" button a browser without JavaScript shows). A form
// may hold several pickers (one per fieldset.picker, e.g. a billing address and a delivery
// location): their selects' ids are the level's name, or end with "-" and the level's name.
(function () {
  var fields = ["province_code", "region_code", "district_code", "village_code"];
  var refresh = document.querySelector("button[name=refresh]");
  if (!refresh) return;
  Array.prototype.forEach.call(document.querySelectorAll("button[name=refresh]"), function (b) {
    b.hidden = true;
  });
  var scopes = document.querySelectorAll(".picker");
  if (!scopes.length) scopes = [document];
  Array.prototype.forEach.call(scopes, function (scope) {
    function find(name) {
      return scope.querySelector("select[id='" + name + "'], select[id$='-" + name + "']");
    }
    fields.slice(0, 3).forEach(function (name, index) {
      var select = find(name);
      if (!select) return;
      select.addEventListener("change", function () {
        // Lower levels no longer apply once a higher one changes.
        fields.slice(index + 1).forEach(function (lower) {
          var el = find(lower);
          if (el) el.value = "";
        });
        refresh.click();
      });
    });
  });
})();
