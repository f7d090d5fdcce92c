// Wholesale catalog: as the buyer types a quantity, mark the price tier that applies and show
// the total. Without this file the row's "Hitung harga" button asks the server (?qty=).
(function () {
  function rupiah(n) {
    return "Rp" + n.toLocaleString("id-ID");
  }
  function update(box, input) {
    var qty = parseInt(input.value, 10);
    var rows = box.querySelectorAll("[data-tier-min]");
    var best = null;
    rows.forEach(function (row) {
      if (qty >= parseInt(row.dataset.tierMin, 10)) best = row;
    });
    rows.forEach(function (row) {
      var mark = row.querySelector("[data-tier-mark]");
      if (mark) mark.hidden = row !== best;
    });
    var note = box.querySelector("[data-tier-note]");
    if (!note) return;
    note.replaceChildren();
    if (!(qty > 0)) return;
    var moq = parseInt(box.dataset.moq, 10);
    var pack = parseInt(box.dataset.pack, 10);
    var problem = qty < moq ? box.dataset.msgMoq : pack > 1 && qty % pack ? box.dataset.msgPack : null;
    if (problem) {
      var span = document.createElement("span");
      span.className = "error";
      span.textContent = problem;
      note.append(span);
    } else if (best) {
      var price = parseInt(best.dataset.tierPrice, 10);
      var total = document.createElement("strong");
      total.textContent = rupiah(qty * price);
      note.append(qty + " × " + rupiah(price) + " = ", total, " " + box.dataset.msgNote);
    }
  }
  document.querySelectorAll("[data-tier-calc]").forEach(function (box) {
    var input = box.querySelector("[data-tier-qty]");
    if (!input) return;
    input.addEventListener("input", function () { update(box, input); });
  });
})();
