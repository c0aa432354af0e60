/* dalan web page (dalan's own): map, place search, routes, scenarios and comparisons.
   Numbers, dates and labels arrive formatted from the server in the page language. */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("dalan-config").textContent);
  var L_ = config.labels;
  var lang = config.lang;
  var $ = function (id) { return document.getElementById(id); };
  var state = { scenarios: [], routes: [], selected: 0 };
  // What static/analysis.js adds (compare options and pairs, flows, stress, time slider): it
  // fills these hooks, which the page calls when their moment comes.
  var hooks = {};
  function hook(name) {
    if (hooks[name]) { hooks[name].apply(null, Array.prototype.slice.call(arguments, 1)); }
  }

  // --- HTTP -------------------------------------------------------------------------------------
  // The response of a request (the API key asked once per tab on a 401); a 4xx/5xx JSON error
  // becomes an Error with the server's text, in Persian where the server has it.
  function request(path, options) {
    options = options || {};
    var headers = { "Accept": options.accept || "application/json" };
    if (options.body !== undefined) { headers["Content-Type"] = "application/json"; }
    var token = sessionStorage.getItem("dalan-token");
    if (token) { headers["Authorization"] = "Bearer " + token; }
    if (options.ifMatch !== undefined) { headers["If-Match"] = '"' + options.ifMatch + '"'; }
    var init = { method: options.method || "GET", headers: headers };
    if (options.body !== undefined) { init.body = JSON.stringify(options.body); }
    return fetch(path, init).then(function (response) {
      if (response.status === 401 && !options.retried) {
        // Several requests start at once: after the first prompt the others retry with its answer.
        var current = sessionStorage.getItem("dalan-token");
        if (current && current !== token) { return request(path, Object.assign({}, options, { retried: true })); }
        var given = window.prompt(L_.token_prompt);
        if (given) {
          sessionStorage.setItem("dalan-token", given);
          return request(path, Object.assign({}, options, { retried: true }));
        }
      }
      if (response.ok) { return response; }
      return response.json().then(function (data) {
        var fa = lang === "fa" && data.error_fa;  // the server's Persian text, where it has one
        var text = fa ? data.error_fa : data.error, hint = fa ? data.hint_fa : data.hint;
        var error = new Error(text + (hint ? " (" + hint + ")" : ""));
        error.body = data;
        throw error;
      });
    });
  }

  function api(path, options) {
    return request(path, options).then(function (response) { return response.status === 204 ? null : response.json(); });
  }

  // Fetch a file (with the API key, which a plain link cannot send) and save it under the
  // server's file name.
  function download(path, messageId) {
    say(messageId, L_.working);
    return request(path, { accept: "*/*" }).then(function (response) {
      var disposition = response.headers.get("Content-Disposition") || "";
      var match = /filename="([^"]+)"/.exec(disposition);
      return response.blob().then(function (blob) {
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = match ? match[1] : "dalan";
        document.body.appendChild(link);
        link.click();
        setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
        say(messageId, "");
      });
    }).catch(function (error) { say(messageId, error.message, true); });
  }

  function query(params) {
    var search = new URLSearchParams();
    Object.keys(params).forEach(function (key) {
      var value = params[key];
      if (value !== undefined && value !== null && value !== "" && value !== false) { search.set(key, value); }
    });
    return search.toString();
  }

  function say(id, text, isError) {
    var el = $(id);
    el.textContent = text ? (isError ? L_.error + ": " : "") + text : "";
    el.classList.toggle("error", Boolean(isError));
  }

  // --- map --------------------------------------------------------------------------------------
  var map = L.map("map", { attributionControl: false, zoomControl: false, zoomSnap: 0.25 }).setView([42, 45], 4);
  L.control.zoom({ zoomInTitle: L_.zoom_in, zoomOutTitle: L_.zoom_out }).addTo(map);
  map.on("popupopen", function (event) {  // Leaflet's own button says "Close popup"
    var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (close) { close.setAttribute("aria-label", L_.close_popup); close.title = L_.close_popup; }
    $("map").classList.add("app-popup-open");  // the legend, above every pane, would hide the popup's top
  });
  map.on("popupclose", function () { $("map").classList.remove("app-popup-open"); });
  map.createPane("countries").style.zIndex = 250;
  var networkLayer = null, routeLayer = L.featureGroup().addTo(map), changedLayer = L.featureGroup().addTo(map);

  api("/assets/countries.geojson").then(function (countries) {
    L.geoJSON(countries, {
      pane: "countries", interactive: false,
      style: { color: "#a7a290", weight: 0.7, fillColor: "#f6f3ea", fillOpacity: 1 }
    }).addTo(map);
  });

  function isPoint(feature) { return feature.geometry && feature.geometry.type === "Point"; }

  function dashFor(width) { return [2.5 * width + 2, 1.5 * width + 2].join(" "); }

  function drawGeoJSON(data, style) {
    return L.geoJSON(data, {
      style: style,
      pointToLayer: function (feature, latlng) { return L.circleMarker(latlng); },
      onEachFeature: function (feature, item) {
        var tip = feature.properties && feature.properties._tip;
        if (tip) { item.bindTooltip(tip, { sticky: true, direction: "top", className: "dalan-tooltip" }); }
      }
    });
  }

  function loadNetwork() {
    var params = query({ scenario: $("scenario").value || "baseline", lang: lang, styled: true });
    return api("/api/network?" + params).then(function (data) {
      if (networkLayer) { map.removeLayer(networkLayer); }
      networkLayer = drawGeoJSON(data, function (feature) {
        var p = feature.properties;
        if (isPoint(feature)) {
          return { radius: 4, color: "#ffffff", weight: 1, fillColor: "#555", fillOpacity: 1, className: "dalan-place" };
        }
        return { color: p._c, weight: 2, opacity: 0.75, dashArray: p._dash ? dashFor(2) : null,
                 className: "dalan-link dalan-" + p.mode + " dalan-" + p.status };
      }).addTo(map);
      networkLayer.eachLayer(function (item) {
        item.bindPopup(function () { return popupFor(item.feature.properties); }, {
          // narrow enough to sit beside the zoom buttons on a phone
          maxWidth: Math.max(160, Math.min(320, $("map").clientWidth - 110)), autoPanPaddingTopLeft: [56, 10],
          className: "app-popup-box"
        });
      });
      networkLayer.bringToBack();
      $("map").dataset.network = "ready";
      $("map").dataset.networkScenario = $("scenario").value;  // whose network is drawn
    });
  }

  // --- map clicks: a place or link's attributes with source and confidence; a place can become
  // the origin, the destination or a via.
  var numberText = function (x, digits) {
    return new Intl.NumberFormat(lang === "fa" ? "fa-IR" : "en", { maximumFractionDigits: digits || 0 }).format(x);
  };

  function popupFor(p) {
    var box = document.createElement("div");
    box.className = "app-popup";
    box.dir = config.dir;
    var title = document.createElement("h3");
    var place = p.feature_type === "place";
    var shown = p._text || {};  // country, kinds, status, confidence, a link's ends in the page language
    title.textContent = place ? (lang === "fa" ? p.name_fa : p.name_en) + " " : (shown.ends || p.from_id + " – " + p.to_id) + " ";
    var ids = document.createElement("bdi");  // ids are Latin: isolated from the Persian name
    ids.textContent = "(" + p.id + ")";
    title.appendChild(ids);
    box.appendChild(title);
    var rows = place
      ? [[L_.attr_country, shown.country || p.country], [L_.attr_kinds, shown.kinds || (p.kinds || []).join(", ")]]
      : [[L_.col_mode, L_[p.mode] || p.mode], [L_.attr_status, shown.status || p.status],
         [L_.attr_length, p.length_km == null ? "" : numberText(p.length_km)],
         [L_.attr_speed, p.speed_kmh == null ? "" : numberText(p.speed_kmh)]];
    rows.push([L_.attr_source, p.source], [L_.attr_confidence, shown.confidence || p.confidence]);
    if (lang === "en") { rows.push([L_.attr_notes, p.notes]); }
    var table = document.createElement("table");
    rows.forEach(function (row) {
      if (row[1] === undefined || row[1] === null || row[1] === "") { return; }
      var tr = table.insertRow(), th = document.createElement("th"), td = tr.insertCell();
      th.textContent = row[0];
      tr.insertBefore(th, td);
      td.textContent = row[1];
      td.dir = "auto";
    });
    box.appendChild(table);
    if (lang !== "en" && p.notes) {  // the sources' notes exist in English only: shown when asked for
      var notes = document.createElement("details"), summary = document.createElement("summary"), text = document.createElement("p");
      notes.className = "app-popup-notes";
      summary.textContent = L_.notes_in_english;
      text.textContent = p.notes;
      text.lang = "en";
      text.dir = "ltr";
      notes.appendChild(summary);
      notes.appendChild(text);
      box.appendChild(notes);
    }
    if (place) {
      var buttons = document.createElement("div");
      buttons.className = "app-buttons";
      var name = lang === "fa" ? p.name_fa : p.name_en.replace(/ \(.*\)$/, "");
      [["set_origin", function () { setPlace($("from"), p.id, name); }],
       ["set_destination", function () { setPlace($("to"), p.id, name); }],
       ["set_via", function () { addVia({ id: p.id, name: name }); }]].forEach(function (entry) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "popup-" + entry[0];
        button.textContent = L_[entry[0]];
        button.addEventListener("click", function () { entry[1](); map.closePopup(); });
        buttons.appendChild(button);
      });
      box.appendChild(buttons);
    }
    hook("popup", box, p);
    return box;
  }

  var legend = L.control({ position: "topright" });
  legend.onAdd = function () {
    var box = L.DomUtil.create("div", "leaflet-control dalan-legend");
    box.dir = config.dir;
    L.DomUtil.create("h2", "", box).textContent = L_.legend;
    [["rail", "#5b5b5b", false], ["road", "#9c8f80", false], ["sea", "#6d9dc5", true], ["planned_dashed", "#5b5b5b", true]]
      .forEach(function (entry) {
        var row = L.DomUtil.create("div", "", box);
        var line = L.DomUtil.create("span", "app-legend-line", row);
        line.style.borderTopColor = entry[1];
        line.style.borderTopStyle = entry[2] ? "dashed" : "solid";
        row.appendChild(document.createTextNode(entry[0] === "sea" ? L_.sea + " / " + L_.ferry : L_[entry[0]]));
      });
    return box;
  };
  legend.addTo(map);
  var scale = L.control.scale({ imperial: false, maxWidth: 160 });  // wide enough for «۵۰۰ کیلومتر»
  var drawScale = scale._updateScale;
  scale._updateScale = function (line, text, ratio) {  // Leaflet writes "500 km": in the page's digits and words
    drawScale.call(this, line, text, ratio);
    var parts = /^(\d+) (k?m)$/.exec(text);
    if (parts) { line.textContent = numberText(Number(parts[1])) + " " + (parts[2] === "km" ? L_.km : L_.metre); }
  };
  scale.addTo(map);

  // --- place search -----------------------------------------------------------------------------
  // A combobox: suggestions while typing, arrows to move, Enter to choose, Escape to close them
  // (the text stays), and the list closes as soon as focus leaves the field.
  function autocomplete(input, list) {
    var timer = null, active = -1, items = [];
    list.id = list.id || input.id + "-list";
    input.setAttribute("aria-controls", list.id);

    function close() {
      clearTimeout(timer);
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(place) {
      setPlace(input, place.id, place.name);
      close();
    }

    function show(places) {
      items = places;
      list.textContent = "";
      places.forEach(function (place, i) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.id = list.id + "-option-" + i;
        li.textContent = place.name;
        var small = document.createElement("small");
        small.textContent = lang === "fa" ? place.kinds_text + " · " + place.country_name : place.name_fa + " · " + place.country;
        li.appendChild(small);
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(place); });
        list.appendChild(li);
      });
      list.hidden = places.length === 0;
      input.setAttribute("aria-expanded", String(places.length > 0));
    }

    input.addEventListener("input", function () {
      delete input.dataset.id;
      input.removeAttribute("aria-invalid");
      clearTimeout(timer);
      var text = input.value.trim();
      if (!text) { close(); return; }
      timer = setTimeout(function () {
        var params = query({ q: text, lang: lang, limit: 8, scenario: $("scenario").value || "baseline" });
        api("/api/places?" + params).then(function (data) {
          // A late answer is dropped when the text changed or the field lost focus meanwhile.
          if (input.value.trim() === text && document.activeElement === input) { show(data.places); }
        }).catch(function () { close(); });
      }, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();  // close the list; never erase what was typed
        close();
        return;
      }
      if (list.hidden) { return; }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        active = (active + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
        Array.prototype.forEach.call(list.children, function (li, i) { li.setAttribute("aria-selected", String(i === active)); });
        input.setAttribute("aria-activedescendant", list.children[active].id);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        choose(items[active]);
      }
    });
    input.addEventListener("blur", close);
  }

  function setPlace(input, id, name) {
    input.value = input.dataset.chosen = name;
    input.dataset.id = id;
    input.removeAttribute("aria-invalid");
  }

  function placeValue(input) {
    return input.dataset.id && input.value === input.dataset.chosen ? input.dataset.id : input.value.trim();
  }

  // --- via places: a row each (place, modes of the segment that ends there, remove) -------------
  var viaCount = 0;

  function viaRows() { return Array.prototype.slice.call($("vias").children); }

  function renumberVias() {
    viaRows().forEach(function (row, i) {
      row.querySelector(".app-via-label").textContent = L_.via_place + " " + numberText(i + 1);
    });
    $("last-leg-mode-box").hidden = viaRows().length === 0;
  }

  function addVia(place, legMode) {
    var row = $("via-template").content.firstElementChild.cloneNode(true);
    var input = row.querySelector("input"), list = row.querySelector("ul");
    viaCount += 1;
    input.id = "via-" + viaCount;
    list.id = input.id + "-list";
    autocomplete(input, list);
    if (place) { setPlace(input, place.id, place.name); }
    if (legMode) { row.querySelector("select").value = legMode; }
    row.querySelector(".via-remove").addEventListener("click", function () {
      row.remove();
      renumberVias();
      $("add-via").focus();
    });
    $("vias").appendChild(row);
    renumberVias();
    return input;
  }

  function legModeSelects() {
    return viaRows().map(function (row) { return row.querySelector("select"); }).concat([$("last-leg-mode")]);
  }

  // Swap origin and destination; the via places and the segments' modes are reversed with them.
  function swapEnds() {
    var modes = legModeSelects().map(function (select) { return select.value; }).reverse();
    viaRows().reverse().forEach(function (row) { $("vias").appendChild(row); });
    renumberVias();
    legModeSelects().forEach(function (select, i) { select.value = modes[i]; });
    var from = $("from"), to = $("to");
    var a = { value: from.value, id: from.dataset.id, chosen: from.dataset.chosen };
    [[from, to], [to, null]].forEach(function (pair) {
      var target = pair[0], source = pair[1];
      var value = source ? { value: source.value, id: source.dataset.id, chosen: source.dataset.chosen } : a;
      target.value = value.value;
      ["id", "chosen"].forEach(function (key) {
        if (value[key] === undefined) { delete target.dataset[key]; } else { target.dataset[key] = value[key]; }
      });
    });
  }

  // --- routes -----------------------------------------------------------------------------------
  var TEXT_OPTIONS = ["max_transfers", "value_of_time", "carbon_price", "date"];

  function checkedValues(name) {
    return Array.prototype.filter.call(document.querySelectorAll("input[name=" + name + "]"), function (box) { return box.checked; })
      .map(function (box) { return box.value; });
  }

  // The form as the query of /api/route (empty values are left out); null when it cannot be asked.
  function routeParams() {
    var modes = checkedValues("modes");
    if (modes.length === 0) { return null; }
    var legModes = legModeSelects().map(function (select) { return select.value || "*"; });
    var vias = viaRows().map(function (row) { return placeValue(row.querySelector("input")); })
      .filter(function (v) { return v; });
    var avoid = $("avoid").value.split(";").map(function (v) { return v.trim(); }).filter(Boolean)
      .concat(checkedValues("avoid_chokepoint"));
    var params = {
      from: placeValue($("from")), to: placeValue($("to")), by: $("by").value, cargo: $("cargo").value,
      quantity: $("quantity").value.trim(), alternatives: $("alternatives").value.trim(), pareto: $("pareto").checked,
      include_planned: $("include_planned").checked, whole_train: $("whole_train").checked, scenario: $("scenario").value,
      modes: modes.length === 4 ? "" : modes.join(","), via: vias.join(";"), avoid: avoid.join(";"),
      leg_modes: legModes.some(function (m) { return m !== "*"; }) && vias.length === legModes.length - 1 ? legModes.join(";") : "",
      reliability: $("reliability").value === "mean" ? "" : $("reliability").value,
      drivers: $("drivers").value === "1" ? "" : $("drivers").value
    };
    TEXT_OPTIONS.forEach(function (id) { params[id] = $(id).value.trim(); });
    return params;
  }

  var NUMBER_FIELDS = ["quantity", "alternatives", "max_transfers", "value_of_time", "carbon_price"];

  // A number of a shared link in the page's digits (Persian: ۶۰، ۲٫۵).
  function pageDigits(text) {
    if (lang !== "fa") { return text; }
    return text.replace(/[0-9]/g, function (d) { return String.fromCharCode(0x06F0 + Number(d)); }).replace(/\./g, "٫");
  }

  // Put a shared link's options back into the form.
  function restoreForm(initial) {
    ["from", "to", "by", "cargo", "quantity", "alternatives", "reliability", "drivers"].concat(TEXT_OPTIONS).forEach(function (key) {
      var value = initial.get(key);
      if (value) { $(key).value = NUMBER_FIELDS.indexOf(key) >= 0 ? pageDigits(value) : value; }
    });
    ["pareto", "include_planned", "whole_train"].forEach(function (key) { $(key).checked = initial.get(key) === "true"; });
    if (initial.get("modes")) {
      var wanted = initial.get("modes").split(",");
      document.querySelectorAll("input[name=modes]").forEach(function (box) { box.checked = wanted.indexOf(box.value) >= 0; });
    }
    var legs = (initial.get("leg_modes") || "").split(";");
    (initial.get("via") || "").split(";").filter(Boolean).forEach(function (via, i) {
      addVia(null, legs[i] === "*" ? "" : legs[i]).value = via;
    });
    if (legs.length > 1) { $("last-leg-mode").value = legs[legs.length - 1] === "*" ? "" : legs[legs.length - 1]; }
    var chokepoints = [];
    document.querySelectorAll("input[name=avoid_chokepoint]").forEach(function (box) { chokepoints.push(box.value); });
    var avoid = (initial.get("avoid") || "").split(";").filter(Boolean);
    document.querySelectorAll("input[name=avoid_chokepoint]").forEach(function (box) { box.checked = avoid.indexOf(box.value) >= 0; });
    $("avoid").value = avoid.filter(function (a) { return chokepoints.indexOf(a) < 0; }).join("; ");
    var advanced = ["avoid", "max_transfers", "value_of_time", "carbon_price", "date"].some(function (key) { return initial.get(key); });
    $("more-options").open = advanced;
  }

  function remember(params) {
    var shown = Object.assign({}, params, { alternatives: params.alternatives === "1" ? "" : params.alternatives });
    if (shown.scenario === "baseline") { shown.scenario = ""; }
    history.replaceState(null, "", "/?" + query(Object.assign({ lang: lang }, shown)) + location.hash);  // the job shown stays
    $("lang-switch").href = "/?" + query(Object.assign({}, shown, { lang: lang === "fa" ? "en" : "fa" }));
  }

  function cell(row, text, numeric) {
    var td = document.createElement(row.parentNode && row.parentNode.tagName === "THEAD" ? "th" : "td");
    td.textContent = text;
    if (numeric) { td.className = "num"; }
    row.appendChild(td);
    return td;
  }

  function drawRoutes() {
    routeLayer.clearLayers();
    state.routes.forEach(function (route, i) {
      var chosen = i === state.selected;
      drawGeoJSON(route.geojson, function (feature) {
        if (isPoint(feature)) {
          return { radius: chosen ? 5 : 3, color: "#fff", weight: 1.5, fillColor: route.colour, fillOpacity: 1 };
        }
        return { color: route.colour, weight: chosen ? 6 : 3, opacity: chosen ? 0.95 : 0.55, className: "dalan-route" };
      }).addTo(routeLayer);
    });
    var chosenLayer = routeLayer.getLayers()[state.selected];
    if (chosenLayer) { chosenLayer.bringToFront(); }
    $("map").dataset.routes = String(state.routes.length);
  }

  function showLegs(data) {
    var route = state.routes[state.selected], h = data.headers;
    $("route-title").textContent = route.title;
    $("route-summary").textContent = route.summary + " — " + route.totals_text;
    var table = $("legs");
    var head = table.tHead, body = table.tBodies[0], foot = table.tFoot;
    head.textContent = body.textContent = foot.textContent = "";
    var hr = head.insertRow();
    ["#", h.leg, h.from, h.to, h.km, h.hours, h.usd, h.kg_co2e].forEach(function (text, i) { cell(hr, text, i === 0 || i > 3); });
    route.rows.forEach(function (r) {
      var tr = body.insertRow();
      [r.number, r.leg, r.from_name, r.to_name, r.km, r.hours, r.usd, r.kg_co2e].forEach(function (text, i) { cell(tr, text, i === 0 || i > 3); });
    });
    var fr = foot.insertRow();
    cell(fr, "", false);
    cell(fr, h.total, false).colSpan = 7;
    fr.lastChild.textContent = h.total + ": " + route.totals_text;
    showBreakdown(route, h);
  }

  // The route's money per leg by category, and the time cost (server-formatted; blank = none).
  function showBreakdown(route, h) {
    var b = route.breakdown, table = $("breakdown");
    var head = table.tHead, body = table.tBodies[0], foot = table.tFoot;
    head.textContent = body.textContent = foot.textContent = "";
    var hr = head.insertRow();
    ["#", h.leg].concat(b.columns).forEach(function (text, i) { cell(hr, text, i === 0 || i > 1); });
    b.rows.forEach(function (values, i) {
      var tr = body.insertRow(), r = route.rows[i];
      [r.number, r.leg].concat(values).forEach(function (text, k) { cell(tr, text, k === 0 || k > 1); });
    });
    var fr = foot.insertRow();
    cell(fr, "", false);
    cell(fr, h.total, false);
    b.totals_display.forEach(function (text) { cell(fr, text, true); });
    $("breakdown-note").textContent = b.note;
  }

  function showAlternatives(data) {
    var box = $("alternatives-table");
    box.textContent = "";
    if (state.routes.length < 2) { return; }
    var h = data.headers, table = document.createElement("table");
    table.className = "dalan-table";
    var hr = table.createTHead().insertRow();
    ["#", h.days, L_.p50_p90, h.usd, L_.p10_p90_usd, h.t_co2e, h.km, h.route].forEach(function (text, i) { cell(hr, text, i < 7); });
    var body = table.createTBody();
    state.routes.forEach(function (route, i) {
      var tr = body.insertRow();
      tr.dataset.route = String(i);
      if (i === state.selected) { tr.className = "selected"; }
      var first = cell(tr, route.number, true), swatch = document.createElement("span");
      swatch.className = "app-legend-line";
      swatch.style.borderTopColor = route.colour;
      first.insertBefore(swatch, first.firstChild);
      ["days", "p50_p90_days", "usd", "p10_p90_usd", "t_co2e", "km"].forEach(function (key) { cell(tr, route.totals_display[key], true); });
      cell(tr, route.summary, false);
      tr.addEventListener("click", function () { state.selected = i; render(data); });
    });
    box.appendChild(table);
  }

  function render(data) {
    drawRoutes();
    showAlternatives(data);
    showLegs(data);
    var chart = $("pareto-chart");
    chart.hidden = !data.pareto_chart_svg;
    chart.querySelector("div").innerHTML = data.pareto_chart_svg || "";  // server-rendered, escaped SVG
    $("route-result").hidden = false;
  }

  function findRoute() {
    var params = routeParams();
    if (!params) {
      say("route-message", L_.no_modes, true);
      $("modes").querySelector("input").focus();
      return Promise.resolve();
    }
    say("route-message", L_.working);
    remember(params);
    state.query = Object.assign({ lang: lang }, params);
    return api("/api/route?" + query(state.query)).then(function (data) {
      state.routes = data.routes;
      state.selected = 0;
      setPlace($("from"), data.routes[0].origin, data.routes[0].origin_name);
      setPlace($("to"), data.routes[0].destination, data.routes[0].destination_name);
      render(data);
      map.invalidateSize();
      map.fitBounds(routeLayer.getBounds(), { padding: [30, 30] });
      say("route-message", "");
      hook("route", data);
    }).catch(function (error) {
      var field = error.body && { from: "from", to: "to", origin: "from", destination: "to" }[error.body.field];
      if (field) { $(field).setAttribute("aria-invalid", "true"); }
      say("route-message", error.message, true);
    });
  }

  function downloadRoute(button) {
    var params = Object.assign({}, state.query, { format: button.dataset.format, table: button.dataset.table });
    return download("/api/route?" + query(params), "route-message");
  }

  // --- scenarios --------------------------------------------------------------------------------
  function loadScenarios(selected) {
    return api("/api/scenarios?lang=" + lang).then(function (data) {
      state.scenarios = data.scenarios;
      ["scenario", "compare-a", "compare-b", "flows-scenario", "stress-baseline"].forEach(function (id) {
        var select = $(id), keep = select.value;
        select.textContent = "";
        data.scenarios.forEach(function (s) {
          var option = document.createElement("option");
          option.value = s.name;
          option.textContent = (s.title || s.name) + " — " + (s.shipped ? L_.shipped : L_.stored);
          option.title = s.name;  // the id the CLI and share links use
          select.appendChild(option);
        });
        select.value = keep || (id === "compare-b" ? "rasht-astara" : "baseline");
        if (!select.value) { select.selectedIndex = 0; }
      });
      hook("scenarios", data.scenarios);
      if (selected) {
        $("scenario").value = selected;
        if ($("scenario").value !== selected) {  // a stale or foreign link: say so, never fall back silently
          $("scenario").value = "baseline";
          say("route-message", L_.scenario_missing.replace("{name}", selected), true);
          return false;
        }
      }
      return true;
    });
  }

  function showScenario() {
    var name = $("scenario").value;
    return api("/api/scenarios/" + encodeURIComponent(name) + "?lang=" + lang).then(function (s) {
      state.loaded = s.writable ? { name: s.name, version: s.version } : null;  // what a save replaces
      $("scenario-toml").value = s.toml;
      $("scenario-delete").disabled = !s.writable;
      $("scenario-shared").checked = Boolean(s.shared) && !s.shipped;
      $("scenario-shared").disabled = !s.writable;
      var note = s.shipped ? L_.read_only : !s.writable ? L_.not_yours + (s.owner ? " (" + s.owner + ")" : "") : "";
      say("scenario-message", s.title + (note ? " — " + note : ""));
      hook("scenario", s);
    });
  }

  function tomlName(text) {
    var match = /^\s*name\s*=\s*"([^"]*)"/m.exec(text);
    return match ? match[1] : "";
  }

  function newScenario() {
    var base = $("scenario").value;
    var titles = config.newScenarioTitle;
    $("scenario-toml").value = 'name = "my-' + base + '"\ntitle_en = "' + titles.en.replace("{base}", base) + '"\n' +
      'title_fa = "' + titles.fa.replace("{base}", lang === "fa" ? title(base) : base) + '"\n' +
      'base = "' + base + '"\n\n# [[edit]]\n# action = "set"\n# place = "AZ_AST"\n# values = { rail_border_dwell_h = 12.0 }\n';
    $("scenario-delete").disabled = true;
    $("scenario-shared").disabled = false;
    $("scenario-shared").checked = false;
    state.loaded = null;
    say("scenario-message", "");
  }

  function saveScenario() {
    // Only the scenario loaded in the editor is replaced, and only at the version that was read
    // (If-Match): someone else's save in between is a 412, another name that exists a 409.
    var text = $("scenario-toml").value, name = tomlName(text), loaded = state.loaded;
    var request = loaded && loaded.name === name
      ? api("/api/scenarios/" + encodeURIComponent(name) + "?lang=" + lang,
            { method: "PUT", body: { toml: text, shared: $("scenario-shared").checked }, ifMatch: loaded.version })
      : api("/api/scenarios?lang=" + lang, { method: "POST", body: { toml: text, shared: $("scenario-shared").checked } });
    return request.then(function (saved) {
      state.loaded = { name: saved.name, version: saved.version };
      return loadScenarios(saved.name).then(function () {
        loadNetwork();
        say("scenario-message", L_.saved + ": " + saved.name);
        $("scenario-delete").disabled = false;
        hook("scenario", saved);
      });
    }).catch(function (error) { say("scenario-message", error.message, true); });
  }

  function deleteScenario() {
    var name = $("scenario").value;
    return api("/api/scenarios/" + encodeURIComponent(name), { method: "DELETE" }).then(function () {
      return loadScenarios("baseline").then(showScenario).then(loadNetwork).then(function () {
        say("scenario-message", L_.deleted + ": " + name);
      });
    }).catch(function (error) { say("scenario-message", error.message, true); });
  }

  // --- compare (a background job) ---------------------------------------------------------------
  function highlightChanged(linkIds) {
    changedLayer.clearLayers();
    if (!networkLayer) { return; }
    networkLayer.eachLayer(function (item) {
      var p = item.feature.properties;
      if (linkIds.indexOf(p.id) >= 0) {
        L.geoJSON(item.feature, { style: { color: "#f1c40f", weight: 10, opacity: 0.6, className: "dalan-changed" } }).addTo(changedLayer);
      }
    });
  }

  // Download buttons of a finished job: [label key, format, table].
  function jobDownloads(jobId, choices, messageId) {
    var bar = document.createElement("div");
    bar.className = "app-downloads";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", L_.download);
    bar.appendChild(document.createElement("span")).textContent = L_.download + ":";
    choices.forEach(function (choice) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = L_[choice[0]];
      button.dataset.format = choice[1];
      if (choice[2]) { button.dataset.table = choice[2]; }
      button.addEventListener("click", function () {
        download("/api/jobs/" + jobId + "/export?" + query({ format: choice[1], table: choice[2], lang: lang }), messageId);
      });
      bar.appendChild(button);
    });
    return bar;
  }

  function showComparison(display, job) {
    var box = $("compare-result");
    box.textContent = "";
    var h2 = document.createElement("h2");
    h2.textContent = L_.comparison + ": " + display.summary;
    var p = document.createElement("p");
    p.textContent = L_.scenario_a + ": " + display.titles.a + " · " + L_.scenario_b + ": " + display.titles.b + ". " + display.note;
    var chart = document.createElement("div");
    chart.innerHTML = display.chart_svg;  // server-rendered, escaped SVG
    var table = document.createElement("div");
    table.innerHTML = display.table_html;  // server-rendered, escaped table
    table.className = "app-scroll";
    var downloads = jobDownloads(job.id, [["csv_pairs", "csv", "pairs"], ["xlsx", "xlsx"], ["geojson", "geojson"]], "compare-message");
    [h2, p, downloads, chart, table].forEach(function (el) { box.appendChild(el); });
    box.hidden = false;
    highlightChanged(display.changed_links);
    hook("comparison", display, job, table);
  }

  // Downloads of a finished job's tables, by kind: [label key, format, table].
  var JOB_FILES = {
    assign: [["csv_links", "csv", "links"], ["csv_bottlenecks", "csv", "bottlenecks"], ["xlsx", "xlsx"]],
    stress: [["csv_cells", "csv", "cells"], ["xlsx", "xlsx"]]
  };

  function showJobResult(display, boxId, job) {
    var box = $(boxId);
    box.textContent = "";
    var h2 = document.createElement("h2");
    h2.textContent = display.summary;
    box.appendChild(h2);
    box.appendChild(jobDownloads(job.id, JOB_FILES[job.kind] || [["csv_table", "csv"], ["xlsx", "xlsx"]], boxId.split("-")[0] + "-message"));
    if (display.chart_svg) {
      var chart = document.createElement("div");
      chart.innerHTML = display.chart_svg;  // server-rendered, escaped SVG
      box.appendChild(chart);
    }
    if (display.table_html) {
      var table = document.createElement("div");
      table.className = "app-scroll";
      table.innerHTML = display.table_html;  // server-rendered, escaped table
      box.appendChild(table);
    }
    box.hidden = false;
    hook(job.kind, display, job, box);
  }

  // Poll a job, moving the panel's progress bar, until it is done; then show its result.
  function poll(id, prefix, show) {
    return api("/api/jobs/" + id + "?lang=" + lang).then(function (job) {
      var bar = $(prefix + "-progress");
      bar.value = job.progress;
      var percent = new Intl.NumberFormat(lang === "fa" ? "fa-IR" : "en", { style: "percent" }).format(job.progress);
      say(prefix + "-message", job.status === "queued" && job.queue_position
        ? L_.queued + ": " + new Intl.NumberFormat(lang === "fa" ? "fa-IR" : "en").format(job.queue_position)
        : L_.progress + ": " + percent);
      if (job.status === "done") {
        bar.hidden = true;
        say(prefix + "-message", "");
        show(job.display, job);
        return job;
      }
      if (job.status === "failed" || job.status === "cancelled") {
        bar.hidden = true;
        throw new Error(job.error.error);
      }
      return new Promise(function (resolve) { setTimeout(resolve, 400); }).then(function () { return poll(id, prefix, show); });
    });
  }

  // Submit a background job from a panel (compare, flows) and follow it.
  function runJob(body, prefix, buttons, show) {
    var bar = $(prefix + "-progress");
    bar.hidden = false;
    bar.value = 0;
    buttons.forEach(function (b) { $(b).disabled = true; });
    return api("/api/jobs?lang=" + lang, { method: "POST", body: body })
      .then(function (job) { loadJobs(); return poll(job.id, prefix, show); })
      .catch(function (error) { bar.hidden = true; say(prefix + "-message", error.message, true); })
      .then(function () { buttons.forEach(function (b) { $(b).disabled = false; }); });
  }

  function runCompare() {
    var params = { a: $("compare-a").value, b: $("compare-b").value };
    if (hooks.compareParams) { Object.assign(params, hooks.compareParams()); }
    var body = { kind: "compare", params: params };
    return runJob(body, "compare", ["compare-button"], showComparison);
  }

  function runFlows(kind) {
    var params = { scenario: $("flows-scenario").value };
    if ($("flows-date").value) { params.date = $("flows-date").value; }
    if (kind === "simulate") { params.days = 90; params.warmup_days = 10; params.replications = 5; }
    return runJob({ kind: kind, params: params }, "flows", ["assign-button", "simulate-button"], function (display, job) {
      showJobResult(display, "flows-result", job);
    });
  }

  // --- my jobs: status, queue position, progress, cancel, result -------------------------------
  var jobsTimer = null;
  var number = function (x) { return new Intl.NumberFormat(lang === "fa" ? "fa-IR" : "en").format(x); };

  // A scenario's short name in the page language (its id while the list is loading or when it is gone).
  function title(name) {
    var found = (state.scenarios || []).filter(function (s) { return s.name === name; })[0];
    return found ? found.short_title || found.title || name : name;
  }

  function jobTitle(job) {
    var p = job.params || {};
    var what = title(p.scenario || p.baseline) || (p.a && p.b ? title(p.a) + " / " + title(p.b) : "");
    return (L_["kind_" + job.kind] || job.kind) + (what ? ": " + what : "");
  }

  function showJob(id) {
    return api("/api/jobs/" + id + "?lang=" + lang).then(function (job) {
      if (!job.display) { return; }
      if (job.kind === "compare") { showComparison(job.display, job); $("compare-result").scrollIntoView(); return; }
      var box = job.kind === "stress" ? "stress-result" : "flows-result";
      showJobResult(job.display, box, job);
      $(box).scrollIntoView();
    }).catch(function (error) { say("jobs-message", error.message, true); });
  }

  function cancelJob(id) {
    return api("/api/jobs/" + id + "?lang=" + lang, { method: "DELETE" })
      .catch(function (error) { say("jobs-message", error.message, true); })
      .then(loadJobs);
  }

  function jobRow(body, job) {
    var tr = body.insertRow();
    tr.dataset.jobId = job.id;
    tr.dataset.status = job.status;
    cell(tr, jobTitle(job), false).dir = "auto";
    var status = L_["status_" + job.status] || job.status;
    if (job.status === "queued" && job.queue_position) { status += " · " + L_.queue_position + " " + number(job.queue_position); }
    var statusCell = cell(tr, status, false);
    if (job.error && job.status === "failed") { statusCell.title = (lang === "fa" && job.error.error_fa) || job.error.error; }
    var bar = document.createElement("progress");
    bar.max = 1;
    bar.value = job.progress;
    bar.setAttribute("aria-label", L_.progress);
    cell(tr, "", false).appendChild(bar);
    var actions = cell(tr, "", false);
    if (job.status === "queued" || job.status === "running") {
      var cancel = document.createElement("button");
      cancel.type = "button";
      cancel.className = "job-cancel";
      cancel.textContent = L_.cancel;
      cancel.addEventListener("click", function () { cancel.disabled = true; cancelJob(job.id); });
      actions.appendChild(cancel);
    } else if (job.status === "done") {
      var link = document.createElement("a");
      link.href = "#job-" + job.id;
      link.className = "job-result";
      link.textContent = L_.result;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        history.replaceState(null, "", location.pathname + location.search + "#job-" + job.id);  // a reload shows it again
        showJob(job.id);
      });
      actions.appendChild(link);
    }
    if (job.status !== "queued" && job.status !== "running") {
      var again = document.createElement("button");
      again.type = "button";
      again.className = "job-rerun";
      again.textContent = L_.rerun;
      again.addEventListener("click", function () { again.disabled = true; rerunJob(job.id); });
      actions.appendChild(again);
    }
  }

  // Run a job again with its kind and parameters: a new job, queued, at the top of the list.
  function rerunJob(id) {
    return api("/api/jobs/" + id + "/rerun?lang=" + lang, { method: "POST" })
      .catch(function (error) { say("jobs-message", error.message, true); })
      .then(loadJobs);
  }

  function loadJobs() {
    clearTimeout(jobsTimer);
    return api("/api/jobs?limit=20&lang=" + lang).then(function (data) {
      var table = $("jobs-table"), body = table.tBodies[0];
      body.textContent = "";
      data.jobs.forEach(function (job) { jobRow(body, job); });
      table.hidden = data.jobs.length === 0;
      $("jobs-empty").hidden = data.jobs.length > 0;
      var active = data.jobs.some(function (job) { return job.status === "queued" || job.status === "running"; });
      if (active) { jobsTimer = setTimeout(loadJobs, 1500); }
    }).catch(function (error) { say("jobs-message", error.message, true); });
  }

  // What static/analysis.js builds on.
  window.dalanPage = {
    config: config, labels: L_, lang: lang, $: $, api: api, query: query, say: say, map: map, routeLayer: routeLayer,
    drawGeoJSON: drawGeoJSON, isPoint: isPoint, runJob: runJob, showJobResult: showJobResult, findRoute: findRoute,
    numberText: numberText, hooks: hooks, download: download, loadJobs: loadJobs, scenarioTitle: title,
    loaded: function () { return state.loaded; },
    // After a save from the map editor: the lists, the editor and the map show the new version.
    reloadScenario: function (name) {
      return loadScenarios(name).then(function () { return Promise.all([showScenario(), loadNetwork()]); });
    }
  };

  // --- start ------------------------------------------------------------------------------------
  autocomplete($("from"), $("from-list"));
  autocomplete($("to"), $("to-list"));
  $("route-form").addEventListener("submit", function (event) { event.preventDefault(); findRoute(); });
  $("swap").addEventListener("click", swapEnds);
  $("add-via").addEventListener("click", function () { addVia().focus(); });
  $("modes").addEventListener("change", function () {
    if (checkedValues("modes").length === 0) { say("route-message", L_.no_modes, true); }
    else if ($("route-message").textContent.indexOf(L_.no_modes) >= 0) { say("route-message", ""); }
  });
  document.querySelectorAll("#route-downloads button").forEach(function (button) {
    button.addEventListener("click", function () { downloadRoute(button); });
  });
  $("scenario").addEventListener("change", function () { showScenario(); loadNetwork(); });
  $("scenario-new").addEventListener("click", newScenario);
  $("scenario-save").addEventListener("click", saveScenario);
  $("scenario-delete").addEventListener("click", deleteScenario);
  $("compare-button").addEventListener("click", runCompare);
  $("assign-button").addEventListener("click", function () { runFlows("assign"); });
  $("simulate-button").addEventListener("click", function () { runFlows("simulate"); });

  var initial = new URLSearchParams(location.search);
  var shownJob = location.hash.indexOf("#job-") === 0 ? location.hash.slice(5) : null;  // the result shown before a reload
  restoreForm(initial);
  loadScenarios(initial.get("scenario")).then(function (known) {
    return Promise.all([showScenario(), loadNetwork(), loadJobs()]).then(function () { return known; });
  }).then(function (known) {
    document.body.dataset.ready = "true";
    if (known && initial.get("from") && initial.get("to")) { findRoute(); }
    if (shownJob) { showJob(shownJob); }
  });
})();
