/* The coaching reach map: one circle per province, larger with more regional governments,
   darker with a larger share that took part. The data is the JSON beside the map; the table
   under it carries the same figures for those who do not see the map. No tiles unless the
   deployment names a tile server (PRIMA_MAP_TILES). */
(function () {
  "use strict";
  var element = document.getElementById("reach-map");
  var data = document.getElementById("reach-points");
  if (!element || !data || typeof L === "undefined") {
    return;
  }
  var points = JSON.parse(data.textContent);
  var map = L.map(element, { scrollWheelZoom: false, attributionControl: true });
  var tiles = element.getAttribute("data-tiles");
  if (tiles) {
    L.tileLayer(tiles, { attribution: element.getAttribute("data-attribution") || "" }).addTo(map);
  }
  map.fitBounds([[-11.2, 94.8], [6.2, 141.2]]);
  points.forEach(function (p) {
    var share = p.agencies ? p.took_part / p.agencies : 0;
    var shade = Math.round(220 - share * 180);
    var colour = "rgb(" + Math.round(shade / 3) + "," + Math.round(shade * 0.6) + "," + shade + ")";
    L.circleMarker([p.lat, p.lon], {
      radius: 5 + Math.sqrt(p.agencies) * 2,
      color: "#0b4a7d",
      weight: 1,
      fillColor: share ? colour : "#ffffff",
      fillOpacity: 0.85
    })
      .bindTooltip(
        p.name + ": " + p.took_part + " / " + p.agencies + " (" + Math.round(share * 100) + "%)"
      )
      .addTo(map);
  });
})();
