/* dalan web page (dalan's own): map, place search, routes, scenarios and comparisons.
   Numbers, dates and labels arrive formatted from the server in the page language. */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("dalan-config").textContent);
  var L_ = config.labels;
  var lang = config.lang;
  var $ = function (id) { return document.getElementById(id); };
  var state = { scenarios: [], routes: [], selected: 0 };

  // --- HTTP -------------------------------------------------------------------------------------
  function api(path, options) {
    options = options || {};
    var headers = { "Accept": "application/json" };
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
        if (current && current !== token) { return api(path, Object.assign({}, options, { retried: true })); }
        var given = window.prompt(L_.token_prompt);
        if (given) {
          sessionStorage.setItem("dalan-token", given);
          return api(path, Object.assign({}, options, { retried: true }));
        }
      }
      if (response.status === 204) { return null; }
      return response.json().then(function (data) {
        if (!response.ok) {
          var fa = lang === "fa" && data.error_fa;  // the server's Persian text, where it has one
          var text = fa ? data.error_fa : data.error, hint = fa ? data.hint_fa : data.hint;
          var error = new Error(text + (hint ? " (" + hint + ")" : ""));
          error.body = data;
          throw error;
        }
        return data;
      });
    });
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
  var map = L.map("map", { attributionControl: false, zoomSnap: 0.25 }).setView([42, 45], 4);
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
          return { radius: 3, color: "#ffffff", weight: 1, fillColor: "#555", fillOpacity: 1, className: "dalan-place" };
        }
        return { color: p._c, weight: 2, opacity: 0.75, dashArray: p._dash ? dashFor(2) : null,
                 className: "dalan-link dalan-" + p.mode + " dalan-" + p.status };
      }).addTo(map);
      networkLayer.bringToBack();
      $("map").dataset.network = "ready";
    });
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
  L.control.scale({ imperial: false }).addTo(map);

  // --- place search -----------------------------------------------------------------------------
  function autocomplete(input) {
    var list = $(input.id + "-list");
    var timer = null, active = -1, items = [];

    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; }

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
        li.id = input.id + "-option-" + i;
        li.textContent = place.name;
        var small = document.createElement("small");
        small.textContent = (lang === "fa" ? place.name_en : place.name_fa) + " · " + place.country;
        li.appendChild(small);
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(place); });
        list.appendChild(li);
      });
      list.hidden = places.length === 0;
      input.setAttribute("aria-expanded", String(places.length > 0));
    }

    input.addEventListener("input", function () {
      delete input.dataset.id;
      clearTimeout(timer);
      var text = input.value.trim();
      if (!text) { close(); return; }
      timer = setTimeout(function () {
        var params = query({ q: text, lang: lang, limit: 8, scenario: $("scenario").value || "baseline" });
        api("/api/places?" + params).then(function (data) {
          if (input.value.trim() === text) { show(data.places); }
        }).catch(function () { close(); });
      }, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        active = (active + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
        Array.prototype.forEach.call(list.children, function (li, i) { li.setAttribute("aria-selected", String(i === active)); });
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        choose(items[active]);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  function setPlace(input, id, name) {
    input.value = input.dataset.chosen = name;
    input.dataset.id = id;
  }

  function placeValue(input) {
    return input.dataset.id && input.value === input.dataset.chosen ? input.dataset.id : input.value.trim();
  }

  // --- routes -----------------------------------------------------------------------------------
  function routeParams() {
    var modes = Array.prototype.filter.call(document.querySelectorAll("input[name=modes]"), function (box) { return box.checked; })
      .map(function (box) { return box.value; });
    return {
      from: placeValue($("from")), to: placeValue($("to")), by: $("by").value, cargo: $("cargo").value,
      quantity: $("quantity").value, alternatives: $("alternatives").value, pareto: $("pareto").checked,
      include_planned: $("include_planned").checked, scenario: $("scenario").value,
      modes: modes.length === 4 ? "" : modes.join(",")
    };
  }

  function remember(params) {
    var shown = Object.assign({}, params, { alternatives: params.alternatives === "1" ? "" : params.alternatives });
    if (shown.scenario === "baseline") { shown.scenario = ""; }
    history.replaceState(null, "", "/?" + query(Object.assign({ lang: lang }, shown)));
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
  }

  function showAlternatives(data) {
    var box = $("alternatives-table");
    box.textContent = "";
    if (state.routes.length < 2) { return; }
    var h = data.headers, table = document.createElement("table");
    table.className = "dalan-table";
    var hr = table.createTHead().insertRow();
    ["#", h.days, h.usd, h.t_co2e, h.km, h.route].forEach(function (text, i) { cell(hr, text, i < 5); });
    var body = table.createTBody();
    state.routes.forEach(function (route, i) {
      var tr = body.insertRow();
      tr.dataset.route = String(i);
      if (i === state.selected) { tr.className = "selected"; }
      var first = cell(tr, route.number, true), swatch = document.createElement("span");
      swatch.className = "app-legend-line";
      swatch.style.borderTopColor = route.colour;
      first.insertBefore(swatch, first.firstChild);
      ["days", "usd", "t_co2e", "km"].forEach(function (key) { cell(tr, route.totals_display[key], true); });
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
    say("route-message", L_.working);
    remember(params);
    return api("/api/route?" + query(Object.assign({ lang: lang }, params))).then(function (data) {
      state.routes = data.routes;
      state.selected = 0;
      setPlace($("from"), data.routes[0].origin, data.routes[0].origin_name);
      setPlace($("to"), data.routes[0].destination, data.routes[0].destination_name);
      render(data);
      map.fitBounds(routeLayer.getLayers()[0].getBounds(), { padding: [30, 30] });
      say("route-message", "");
    }).catch(function (error) { say("route-message", error.message, true); });
  }

  // --- scenarios --------------------------------------------------------------------------------
  function loadScenarios(selected) {
    return api("/api/scenarios?lang=" + lang).then(function (data) {
      state.scenarios = data.scenarios;
      ["scenario", "compare-a", "compare-b", "flows-scenario"].forEach(function (id) {
        var select = $(id), keep = select.value;
        select.textContent = "";
        data.scenarios.forEach(function (s) {
          var option = document.createElement("option");
          option.value = s.name;
          option.textContent = s.name + " — " + (s.shipped ? L_.shipped : L_.stored);
          option.title = s.title;
          select.appendChild(option);
        });
        select.value = keep || (id === "compare-b" ? "rasht-astara" : "baseline");
        if (!select.value) { select.selectedIndex = 0; }
      });
      if (selected) { $("scenario").value = selected; }
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
    });
  }

  function tomlName(text) {
    var match = /^\s*name\s*=\s*"([^"]*)"/m.exec(text);
    return match ? match[1] : "";
  }

  function newScenario() {
    var base = $("scenario").value;
    $("scenario-toml").value = 'name = "my-' + base + '"\ntitle_en = "My scenario based on ' + base + '"\n' +
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

  function showComparison(display) {
    var box = $("compare-result");
    box.textContent = "";
    var h2 = document.createElement("h2");
    h2.textContent = L_.comparison + ": " + display.summary;
    var p = document.createElement("p");
    p.textContent = "A: " + display.titles.a + " · B: " + display.titles.b + ". " + display.note;
    var chart = document.createElement("div");
    chart.innerHTML = display.chart_svg;  // server-rendered, escaped SVG
    var table = document.createElement("div");
    table.innerHTML = display.table_html;  // server-rendered, escaped table
    [h2, p, chart, table].forEach(function (el) { box.appendChild(el); });
    box.hidden = false;
    highlightChanged(display.changed_links);
  }

  function showJobResult(display, boxId) {
    var box = $(boxId);
    box.textContent = "";
    var h2 = document.createElement("h2");
    h2.textContent = display.summary;
    box.appendChild(h2);
    if (display.chart_svg) {
      var chart = document.createElement("div");
      chart.innerHTML = display.chart_svg;  // server-rendered, escaped SVG
      box.appendChild(chart);
    }
    var table = document.createElement("div");
    table.innerHTML = display.table_html;  // server-rendered, escaped table
    box.appendChild(table);
    box.hidden = false;
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
        show(job.display);
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
    var body = { kind: "compare", params: { a: $("compare-a").value, b: $("compare-b").value } };
    return runJob(body, "compare", ["compare-button"], showComparison);
  }

  function runFlows(kind) {
    var params = { scenario: $("flows-scenario").value };
    if (kind === "simulate") { params.days = 90; params.warmup_days = 10; params.replications = 5; }
    return runJob({ kind: kind, params: params }, "flows", ["assign-button", "simulate-button"], function (display) {
      showJobResult(display, "flows-result");
    });
  }

  // --- my jobs: status, queue position, progress, cancel, result -------------------------------
  var jobsTimer = null;
  var number = function (x) { return new Intl.NumberFormat(lang === "fa" ? "fa-IR" : "en").format(x); };

  function jobTitle(job) {
    var p = job.params || {};
    var what = p.scenario || (p.a && p.b ? p.a + " / " + p.b : "");
    return (L_["kind_" + job.kind] || job.kind) + (what ? ": " + what : "");
  }

  function showJob(id) {
    return api("/api/jobs/" + id + "?lang=" + lang).then(function (job) {
      if (!job.display) { return; }
      if (job.kind === "compare") { showComparison(job.display); $("compare-result").scrollIntoView(); }
      else { showJobResult(job.display, "flows-result"); $("flows-result").scrollIntoView(); }
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
    if (job.error && job.status === "failed") { statusCell.title = job.error.error; }
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
      link.addEventListener("click", function (event) { event.preventDefault(); showJob(job.id); });
      actions.appendChild(link);
    }
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

  // --- start ------------------------------------------------------------------------------------
  autocomplete($("from"));
  autocomplete($("to"));
  $("route-form").addEventListener("submit", function (event) { event.preventDefault(); findRoute(); });
  $("scenario").addEventListener("change", function () { showScenario(); loadNetwork(); });
  $("scenario-new").addEventListener("click", newScenario);
  $("scenario-save").addEventListener("click", saveScenario);
  $("scenario-delete").addEventListener("click", deleteScenario);
  $("compare-button").addEventListener("click", runCompare);
  $("assign-button").addEventListener("click", function () { runFlows("assign"); });
  $("simulate-button").addEventListener("click", function () { runFlows("simulate"); });

  var initial = new URLSearchParams(location.search);
  ["from", "to", "by", "cargo", "quantity", "alternatives"].forEach(function (key) {
    if (initial.get(key)) { $(key).value = initial.get(key); }
  });
  ["pareto", "include_planned"].forEach(function (key) { $(key).checked = initial.get(key) === "true"; });
  if (initial.get("modes")) {
    var wanted = initial.get("modes").split(",");
    document.querySelectorAll("input[name=modes]").forEach(function (box) { box.checked = wanted.indexOf(box.value) >= 0; });
  }
  loadScenarios(initial.get("scenario")).then(function () {
    return Promise.all([showScenario(), loadNetwork(), loadJobs()]);
  }).then(function () {
    document.body.dataset.ready = "true";
    if (initial.get("from") && initial.get("to")) { findRoute(); }
  });
})();
