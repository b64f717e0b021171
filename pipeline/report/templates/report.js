/* plan-extract report: the fields of a highlight on hover.  No network, no libraries. */
(function () {
  "use strict";
  var source = document.getElementById("tooltips");
  var tips = source ? JSON.parse(source.textContent) : {};
  var tip = document.getElementById("tip");
  var lit = [];

  function markOf(node) {
    return node && node.closest ? node.closest("[data-key]") : null;
  }

  function chainOf(mark) {
    var keys = [];
    for (var node = mark; node; node = markOf(node.parentElement)) {
      var key = node.getAttribute("data-key");
      if (tips[key] && keys.indexOf(key) < 0) keys.push(key);
    }
    return keys;
  }

  function fill(keys) {
    tip.textContent = "";
    keys.forEach(function (key) {
      var entry = tips[key];
      var title = document.createElement("h4");
      title.textContent = entry.title;
      tip.appendChild(title);
      var table = document.createElement("table");
      entry.rows.forEach(function (row) {
        var tr = table.insertRow();
        var th = document.createElement("th");
        th.textContent = row[0];
        tr.appendChild(th);
        tr.insertCell().textContent = row[1];
      });
      tip.appendChild(table);
    });
  }

  function place(x, y) {
    var width = tip.offsetWidth, height = tip.offsetHeight;
    var left = Math.min(x + 14, window.innerWidth - width - 8);
    var top = y + 18 + height > window.innerHeight ? y - height - 12 : y + 18;
    tip.style.left = Math.max(4, left) + "px";
    tip.style.top = Math.max(4, top) + "px";
  }

  function light(keys) {
    lit.forEach(function (node) { node.classList.remove("hover"); });
    lit = [];
    if (!keys.length) return;
    document.querySelectorAll('[data-key="' + keys[0] + '"]').forEach(function (node) {
      node.classList.add("hover");
      lit.push(node);
    });
  }

  function hide() {
    if (tip) tip.hidden = true;
    light([]);
  }

  document.addEventListener("mouseover", function (event) {
    var mark = markOf(event.target);
    var keys = mark ? chainOf(mark) : [];
    if (!tip || !keys.length) { hide(); return; }
    fill(keys);
    tip.hidden = false;
    place(event.clientX, event.clientY);
    light(keys);
  });
  document.addEventListener("mousemove", function (event) {
    if (tip && !tip.hidden) place(event.clientX, event.clientY);
  });
  document.addEventListener("mouseout", function (event) {
    if (!markOf(event.relatedTarget)) hide();
  });
})();
