(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("fleet-data").textContent);
  var table = document.getElementById("matrix");
  var tbody = table.tBodies[0];
  var controls = document.getElementById("controls");
  var text = document.getElementById("filter-text");
  var statusSelect = document.getElementById("filter-status");
  var hideQuiet = document.getElementById("hide-quiet");
  var chip = document.getElementById("filter-check");
  var chipText = document.getElementById("filter-check-text");
  var shown = document.getElementById("shown");
  var RANK = { s: 0, o: 1, i: 2, w: 3, e: 4 };
  var state = { text: "", status: "all", check: null, checkStatus: null, key: "index", dir: 1 };
  var machines = data.machines.map(function (m) {
    return { m: m, row: document.getElementById("row-" + m.i) };
  });

  function sortValue(m, key) {
    if (key === "index") return m.i;
    if (key === "name") return m.n;
    if (key === "errors") return m.e;
    if (key === "warnings") return m.w;
    if (key === "policy") return m.p;
    if (key.charAt(0) === "c") return RANK[m.s.charAt(Number(key.slice(1)))] || 0;
    return m.k[key] || "";
  }

  function compare(a, b) {
    var x = sortValue(a.m, state.key), y = sortValue(b.m, state.key);
    var order = typeof x === "number" ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
    if (order === 0) order = a.m.i - b.m.i;
    return order * state.dir;
  }

  function visible(m) {
    if (state.text && m.q.indexOf(state.text) < 0) return false;
    if (state.status === "errors" && m.e === 0) return false;
    if (state.status === "problems" && m.e + m.w === 0) return false;
    if (state.status === "clear" && m.e + m.w > 0) return false;
    if (state.check !== null) {
      var letter = m.s.charAt(state.check);
      if (state.checkStatus ? letter !== state.checkStatus : "we".indexOf(letter) < 0) return false;
    }
    return true;
  }

  function apply() {
    var ordered = machines.slice().sort(compare);
    var count = 0;
    ordered.forEach(function (item) {
      tbody.appendChild(item.row);
      var show = visible(item.m);
      item.row.hidden = !show;
      if (show) count += 1;
    });
    shown.textContent = data.labels.shown.replace("{shown}", count).replace("{total}", machines.length);
    table.classList.toggle("hide-quiet", hideQuiet.checked);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      if (th.dataset.key === state.key) th.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    });
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    var button = th.querySelector("button");
    if (!button) return;
    button.addEventListener("click", function () {
      var key = th.dataset.key;
      if (state.key === key) state.dir = -state.dir;
      else {
        state.key = key;
        // Most serious first for counts and check columns, alphabetical for text columns.
        state.dir = key === "errors" || key === "warnings" || key === "policy" || key.charAt(0) === "c" ? -1 : 1;
      }
      apply();
    });
  });

  text.addEventListener("input", function () {
    state.text = text.value.trim().toLowerCase();
    apply();
  });
  statusSelect.addEventListener("change", function () {
    state.status = statusSelect.value;
    apply();
  });
  hideQuiet.addEventListener("change", apply);

  function filterCheck(id, status) {
    var index = data.checks.indexOf(id);
    state.check = index < 0 ? null : index;
    state.checkStatus = status ? status.charAt(0) : null;
    chip.hidden = state.check === null;
    chipText.textContent = state.check === null ? "" : data.labels.only.replace("{check}", id + " " + (status || ""));
    apply();
  }
  document.getElementById("filter-check-clear").addEventListener("click", function () {
    filterCheck(null, null);
  });
  Array.prototype.forEach.call(document.querySelectorAll("button.only"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      filterCheck(button.dataset.check, button.dataset.status);
      document.getElementById("matrix-section").scrollIntoView();
    });
  });

  controls.hidden = false;
  apply();
})();
