// The timeline: events per day or week, stacked by type, with the killed as dots. Dragging across
// the bars (brushing) sets the date filters in the URL, which filters the map and the list.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("timeline");
  if (!box) return;
  var SVG = "http://www.w3.org/2000/svg";
  var DAY = 86400000;

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (parent) parent.appendChild(node);
    return node;
  }
  function iso(time) { return new Date(time).toISOString().slice(0, 10); }

  function draw(data) {
    var step = data.bucket === "week" ? 7 * DAY : DAY;
    var byPeriod = {};
    data.rows.forEach(function (row) {
      var key = String(row.period).slice(0, 10);
      (byPeriod[key] = byPeriod[key] || []).push(row);
    });
    var keys = Object.keys(byPeriod).sort();
    if (!keys.length) { box.textContent = "No dated events."; return; }
    var first = Date.parse(keys[0]), last = Date.parse(keys[keys.length - 1]);
    var periods = [];
    for (var t = first; t <= last && periods.length < 5000; t += step) periods.push(iso(t));
    var width = Math.max(box.clientWidth, 300), height = 150, pad = 24;
    var barWidth = (width - 2 * pad) / periods.length;
    var maxEvents = 1, maxKilled = 1;
    periods.forEach(function (key) {
      var rows = byPeriod[key] || [];
      maxEvents = Math.max(maxEvents, rows.reduce(function (n, r) { return n + r.events; }, 0));
      maxKilled = Math.max(maxKilled, rows.reduce(function (n, r) { return n + (r.fatalities || 0); }, 0));
    });
    var svg = el("svg", { width: width, height: height, role: "img", "class": "timeline" });
    var plotHeight = height - 2 * pad;
    periods.forEach(function (key, i) {
      var x = pad + i * barWidth, y = height - pad, killed = 0;
      (byPeriod[key] || []).forEach(function (row) {
        var h = row.events / maxEvents * plotHeight;
        y -= h;
        var bar = el("rect", { x: x + 0.5, y: y, width: Math.max(barWidth - 1, 1), height: h, fill: row.colour }, svg);
        el("title", {}, bar).textContent = key + ": " + row.events + " " + row.event_type + ", " + (row.fatalities || 0) + " killed";
        killed += row.fatalities || 0;
      });
      if (killed) el("circle", { cx: x + barWidth / 2, cy: height - pad - killed / maxKilled * plotHeight, r: 2.5, "class": "killed" }, svg);
    });
    el("text", { x: pad, y: height - 6, "class": "axis" }, svg).textContent = periods[0];
    el("text", { x: width - pad, y: height - 6, "class": "axis end" }, svg).textContent = periods[periods.length - 1];
    el("text", { x: pad, y: 14, "class": "axis" }, svg).textContent =
      "max " + maxEvents + " events / " + maxKilled + " killed per " + data.bucket;
    var brush = el("rect", { x: 0, y: pad, width: 0, height: plotHeight, "class": "brush" }, svg);
    box.replaceChildren(svg);
    box.dataset.periods = String(periods.length);

    var startX = null;
    function xOf(event) { return event.clientX - svg.getBoundingClientRect().left; }
    function indexAt(x) { return Math.min(periods.length - 1, Math.max(0, Math.floor((x - pad) / barWidth))); }
    svg.addEventListener("mousedown", function (event) { startX = xOf(event); event.preventDefault(); });
    svg.addEventListener("mousemove", function (event) {
      if (startX === null) return;
      var x = xOf(event);
      brush.setAttribute("x", Math.min(startX, x));
      brush.setAttribute("width", Math.abs(x - startX));
    });
    window.addEventListener("mouseup", function (event) {
      if (startX === null) return;
      var a = indexAt(Math.min(startX, xOf(event))), b = indexAt(Math.max(startX, xOf(event)));
      startX = null;
      var params = new URLSearchParams(window.location.search);
      params.set("since", periods[a]);
      params.set("until", iso(Date.parse(periods[b]) + step - DAY));
      params.delete("page");
      window.location.search = params.toString();
    });
  }

  fetch(box.dataset.url, { headers: { Accept: "application/json" } })
    .then(function (response) {
      return response.ok ? response.json() : Promise.reject(new Error("timeline: HTTP " + response.status));
    })
    .then(draw)
    .catch(function (error) { box.textContent = error.message; });
});
