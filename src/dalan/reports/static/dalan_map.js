/* dalan map script (dalan's own): draws the layers embedded in the page with Leaflet. */
(function () {
  "use strict";

  function readJSON(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  var spec = readJSON("dalan-map-data");
  var map = L.map("dalan-map", { attributionControl: false, zoomSnap: 0.25, zoomDelta: 0.5 });

  var countries = readJSON("dalan-countries");
  var b = countries.bbox;  // the window the outlines were clipped to: keep the view inside it
  var extent = L.latLngBounds([b[1], b[0]], [b[3], b[2]]);
  map.createPane("countries").style.zIndex = 250;
  L.geoJSON(countries, {
    pane: "countries",
    interactive: false,
    style: { color: "#a7a290", weight: 0.7, fillColor: "#f6f3ea", fillOpacity: 1 }
  }).addTo(map);

  function isPoint(feature) {
    var type = feature.geometry && feature.geometry.type;
    return type === "Point" || type === "MultiPoint";
  }

  function styleFor(layer) {
    return function (feature) {
      var p = feature.properties || {};
      var colour = p._c || layer.colour;
      if (isPoint(feature)) {
        return { radius: layer.radius, color: "#ffffff", weight: 1.5, fillColor: colour, fillOpacity: 1 };
      }
      var width = p._w;
      var dashed = p._dash !== undefined ? p._dash : layer.dashed;
      return {
        color: colour, weight: width, opacity: layer.base ? 0.7 : 0.9,
        lineCap: dashed ? "butt" : "round", lineJoin: "round",
        dashArray: dashed ? [2.5 * width + 2, 1.5 * width + 2].join(" ") : null
      };
    };
  }

  function buildLayer(layer) {
    var group = L.geoJSON(layer.geojson, {
      style: styleFor(layer),
      pointToLayer: function (feature, latlng) { return L.circleMarker(latlng); },
      onEachFeature: function (feature, item) {
        var p = feature.properties || {};
        if (p._label) {
          item.bindTooltip(p._label, { permanent: true, direction: "right", offset: [6, 0], className: "dalan-label" });
        } else if (p._tip) {
          item.bindTooltip(p._tip, { sticky: true, direction: "top", className: "dalan-tooltip" });
        }
        if (p._tip) {
          item.bindPopup(p._tip);
        }
        if (!isPoint(feature) && !layer.base) {
          item.on("mouseover", function () { item.setStyle({ weight: p._w + 3 }); item.bringToFront(); });
          item.on("mouseout", function () { group.resetStyle(item); });
        }
      }
    });
    if (layer.visible) {
      group.addTo(map);
    }
    return group;
  }

  function swatch(layer) {
    var el = document.createElement("span");
    el.className = "dalan-swatch";
    if (layer.points_only) {
      el.className += " dot";
      el.style.background = layer.colour;
    } else {
      el.style.borderTop = "4px " + (layer.dashed ? "dashed " : "solid ") + layer.colour;
    }
    return el;
  }

  var entries = spec.layers.map(function (layer) { return { layer: layer, group: buildLayer(layer) }; });

  var legend = L.control({ position: "topright" });
  legend.onAdd = function () {
    var box = L.DomUtil.create("div", "leaflet-control dalan-legend");
    box.dir = spec.dir;
    var heading = L.DomUtil.create("h2", "", box);
    heading.textContent = spec.labels.legend;
    entries.forEach(function (entry) {
      var row = L.DomUtil.create("label", "", box);
      var check = L.DomUtil.create("input", "", row);
      check.type = "checkbox";
      check.checked = entry.layer.visible;
      check.addEventListener("change", function () {
        if (check.checked) { entry.group.addTo(map); } else { map.removeLayer(entry.group); }
      });
      row.appendChild(swatch(entry.layer));
      row.appendChild(document.createTextNode(entry.layer.name));
    });
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  };
  legend.addTo(map);
  var scale = L.control.scale({ imperial: false, position: "bottomleft", maxWidth: 160 });  // room for «۵۰۰ کیلومتر»
  var drawScale = scale._updateScale;
  scale._updateScale = function (line, text, ratio) {  // Leaflet writes "500 km": in the page's digits and words
    drawScale.call(this, line, text, ratio);
    var parts = /^(\d+) (k?m)$/.exec(text);
    var digits = spec.labels.digits;
    if (parts) {
      var number = digits ? parts[1].replace(/\d/g, function (d) { return digits[Number(d)]; }) : parts[1];
      line.textContent = number + " " + (parts[2] === "km" ? spec.labels.km : spec.labels.metre);
    }
  };
  scale.addTo(map);

  map.setMinZoom(map.getBoundsZoom(extent, true));
  map.setMaxBounds(extent);
  map.fitBounds(spec.bounds, { padding: [30, 30] });
  document.getElementById("dalan-map").dataset.ready = "true";
})();
