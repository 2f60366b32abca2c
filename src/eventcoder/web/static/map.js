// The map: events from /api/geojson as circles coloured by type and sized by fatalities, clustered
// when dense; events placed at region level are drawn as a dashed area. Hovering names the event,
// a click opens its page. Tiles are optional: with no tile URL (or no network) the markers still
// show on a blank map.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("map");
  if (!box || typeof L === "undefined") return;
  var map = L.map(box, { maxZoom: 18 }).setView([15, 20], 2);  // maxZoom: clustering needs it without tiles
  if (box.dataset.tiles) {
    L.tileLayer(box.dataset.tiles, { maxZoom: 18, attribution: box.dataset.attribution || "" }).addTo(map);
  }
  var clusters = L.markerClusterGroup({ maxClusterRadius: 40, showCoverageOnHover: false });
  var areas = L.layerGroup();

  // A DOM node with textContent, never an HTML string: Leaflet would parse a string as HTML.
  function label(p) {
    var node = document.createElement("span");
    node.textContent = p.title + " · " + p.event_type + (p.fatalities !== null ? " · " + p.fatalities + " killed" : "") +
      (p.area_m ? " · placed at " + (p.precision || "region") + " level" : "");
    return node;
  }

  fetch(box.dataset.geojson, { headers: { Accept: "application/json" } })
    .then(function (response) {
      return response.ok ? response.json() : Promise.reject(new Error("map data: HTTP " + response.status));
    })
    .then(function (data) {
      var points = [];
      data.features.forEach(function (feature) {
        var p = feature.properties;
        var at = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
        var style = { color: p.colour, fillColor: p.colour, weight: 1, fillOpacity: 0.75 };
        var layer;
        if (p.area_m) {
          layer = L.circle(at, Object.assign(style, { radius: p.area_m, weight: 2, dashArray: "5 5", fillOpacity: 0.12 }));
          areas.addLayer(layer);
        } else {
          layer = L.circleMarker(at, Object.assign(style, { radius: p.radius_px }));
          clusters.addLayer(layer);
        }
        layer.bindTooltip(label(p));
        layer.on("click", function () { window.location.href = "/events/" + encodeURIComponent(p.id); });
        points.push(at);
      });
      map.addLayer(areas);
      map.addLayer(clusters);
      if (points.length) map.fitBounds(points, { padding: [24, 24], maxZoom: 8 });
      box.dataset.features = String(points.length);
      if (data.truncated) {
        var note = document.createElement("p");
        note.className = "hint";
        note.textContent = "The map shows " + points.length + " of " + data.total + " events: narrow the filters to see all.";
        box.after(note);
      }
    })
    .catch(function (error) {
      box.dataset.error = String((error && error.message) || error);
      console.error("map:", error);
    });
});
